"""Facet counts and pages of the lists without a text query, from bitmaps per catalogue version.

Browsing the resource list by facets must not scan the catalogue: at 100,000 entries counting
every facet over the 92,000 visible ones takes a quarter of a second of SQL whatever the cache,
the first time each combination is seen. So, once per catalogue version (search.cache), every
public search entry gets a position, newest first, and each facet value (content type, kind,
year, vocabulary code) the bitmap of its positions: a Python int of one bit per entry (16 KB at
125,000 entries). A combination of filters is then a few ANDs and `int.bit_count()`: about a
millisecond for every count of every facet, and the page of results is the first set bits of
the combination (positions are in date order).

The index is built from one statement (about half a second at 100,000 entries), by one process
at a time (a lock in the cache; the others count in SQL meanwhile), kept in the shared cache
under the version and in each process until the version changes. After a change of the catalogue
the worker builds it at once (resources.tasks.warm_search_index) and announces it; every web
process then reads it in a thread of its own (search.preload), so no visitor waits for it.

Scheduled entries (public, dated in the future) are the first positions, since they are the
newest: at any time the visible ones are the positions after those still in the future.
"""

import bisect
import logging
from array import array
from collections import defaultdict
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone

from core import replica
from resources.search import cache as search_cache
from resources.search.registry import VOCABULARY_FACETS
from resources.search.sql import FACET_CODE_BASE

FORMAT = 2  # of the FacetIndex kept in the cache: a new release does not read an older one
TIMEOUT = None  # one copy, replaced by the next version's build
LOCK_SECONDS = 120
_process = {}  # database alias -> the FacetIndex of the version last read
_redis = {}  # the client that announces new versions (search.preload), made once
logger = logging.getLogger(__name__)


@dataclass
class FacetIndex:
    version: int
    size: int
    future: list  # ascending dates of the entries dated after the build (the first positions)
    object_ids: array  # position -> the entry's object_id
    positions: array  # entry id -> its position (-1: not public)
    title_order: array  # positions by title (then object id), as ORDER BY title
    title_rank: array  # position -> its rank in title_order
    content_types: dict  # content type id -> bitmap
    kinds: dict  # kind -> bitmap
    kind_labels: dict  # kind -> label
    years: dict  # year -> bitmap
    codes: dict  # facet code (search.faceting.FACET_CODE_BASE) -> bitmap
    vocabularies: dict  # model label -> {slug: (pk, name)}, the facets' terms

    def visible(self, at):
        """The positions visible at `at`: every public entry but those still in the future."""
        waiting = len(self.future) - bisect.bisect_right(self.future, at)
        return ((1 << self.size) - 1) ^ ((1 << waiting) - 1)

    def scope(self, content_type, at):
        """The visible positions of one content type (all types with None)."""
        bits = self.visible(at)
        if content_type is not None:
            bits &= self.content_types.get(content_type, 0)
        return bits

    def column(self, name):
        return {"kind": self.kinds, "year": self.years}[name]

    def mask(self, dimension, values):
        """The positions holding any of `values` in `dimension` (a dict of bitmaps)."""
        bits = 0
        for value in values:
            bits |= dimension.get(value, 0)
        return bits

    def bits_of(self, ids):
        """The bitmap of the entries `ids` (search entry primary keys); ids without a position
        (not public, or newer than the index) are left out."""
        bits = bytearray((self.size + 7) // 8)
        positions, limit = self.positions, len(self.positions)
        for pk in ids:
            position = positions[pk] if pk < limit else -1
            if position >= 0:
                bits[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(bits, "little")

    def set_positions(self, bits, start, stop):
        """The set positions start..stop-1 of `bits`, in position order (newest first)."""
        words = memoryview(bits.to_bytes(((self.size + 63) // 64) * 8, "little")).cast("Q")
        out, seen = [], 0
        for index, word in enumerate(words):
            if not word:
                continue
            count = word.bit_count()
            if seen + count <= start:
                seen += count
                continue
            while word and len(out) < stop - start:
                low = word & -word
                if seen >= start:
                    out.append(index * 64 + low.bit_length() - 1)
                seen += 1
                word ^= low
            if len(out) >= stop - start:
                break
        return out

    def page(self, bits, start, stop, *, by_title=False):
        """The object ids of the entries of `bits` start..stop-1, newest first or by title."""
        if not by_title:
            positions = self.set_positions(bits, start, stop)
        elif bits.bit_count() * 16 <= self.size:  # few: sort them
            everything = self.set_positions(bits, 0, self.size)
            positions = sorted(everything, key=self.title_rank.__getitem__)[start:stop]
        else:  # many: walk the title order until the page is full
            marks, positions, seen = bits.to_bytes((self.size + 7) // 8, "little"), [], 0
            for position in self.title_order:
                if marks[position >> 3] >> (position & 7) & 1:
                    if seen >= start:
                        positions.append(position)
                    seen += 1
                    if seen >= stop:
                        break
        return [self.object_ids[position] for position in positions]


def build(version):
    """The FacetIndex of the catalogue as it is now: one statement over the public entries, one
    per vocabulary."""
    vocabularies = {
        facet.vocabulary._meta.label: {slug: (pk, name) for slug, pk, name in rows}
        for facet in VOCABULARY_FACETS
        for rows in [facet.vocabulary.objects.values_list("slug", "pk", "name")]
    }
    with connections[replica.alias()].cursor() as cursor:
        cursor.execute(
            "SELECT id, content_type_id, object_id, kind, kind_label, year, facet_ids, date"
            " FROM resources_searchentry WHERE is_public"
            " ORDER BY date DESC, object_id DESC, content_type_id"
        )
        rows = cursor.fetchall()
        cursor.execute(
            "SELECT id FROM resources_searchentry WHERE is_public"
            " ORDER BY title, object_id, content_type_id"
        )
        by_title = [row[0] for row in cursor.fetchall()]
    now = timezone.now()
    object_ids, future = array("q"), []
    dimensions = {name: defaultdict(list) for name in ("content_types", "kinds", "years", "codes")}
    labels = {}
    cts, kinds, years, codes = dimensions.values()
    positions = array("q", [-1]) * (max((row[0] for row in rows), default=0) + 1)
    for position, (pk, ct, object_id, kind, label, year, facet_ids, date) in enumerate(rows):
        positions[pk] = position
        object_ids.append(object_id)
        cts[ct].append(position)
        kinds[kind].append(position)
        labels[kind] = label
        years[year].append(position)
        for code in facet_ids or ():
            codes[code].append(position)
        if date > now:
            future.append(date)
    size = len(rows)
    title_order = array("q", [positions[pk] for pk in by_title if positions[pk] >= 0])
    title_rank = array("q", [0]) * size
    for rank, position in enumerate(title_order):
        title_rank[position] = rank
    return FacetIndex(
        version=version,
        size=size,
        future=sorted(future),
        object_ids=object_ids,
        positions=positions,
        title_order=title_order,
        title_rank=title_rank,
        kind_labels=labels,
        vocabularies=vocabularies,
        **{name: _bitmaps(lists, size) for name, lists in dimensions.items()},
    )


def _bitmaps(lists, size):
    out = {}
    for value, positions in lists.items():
        bits = bytearray((size + 7) // 8)
        for position in positions:
            bits[position >> 3] |= 1 << (position & 7)
        out[value] = int.from_bytes(bits, "little")
    return out


def loaded():
    """The FacetIndex this process holds for the current catalogue version, or None (never
    reads the cache nor builds)."""
    index, version = _process.get(connection.alias), search_cache.version()
    return index if index is not None and version is not None and index.version == version else None


def current(*, wait=False, build_it=True):
    """The FacetIndex of the current catalogue version, or None while another process builds it
    (the caller counts in SQL) or, with `build_it` false, when it is not built yet. With `wait`,
    build it even if another process is (the task). None too while Redis does not answer:
    without a catalogue version an index could not be told from an older one."""
    version = search_cache.version()
    if version is None:
        return None
    index = _process.get(connection.alias)
    if index is not None and index.version == version:
        return index
    # One copy in the cache, whatever the number of versions (7 MB at 100,000 entries): the
    # newest build replaces the last; a reader takes it only if it is the current version's.
    key = f"search:bitmaps{FORMAT}:{connection.settings_dict['NAME']}"
    index = cache.get(key)
    if index is None or index.version != version:
        if not build_it:
            return None
        lock = f"{key}:{version}:lock"
        if not cache.add(lock, 1, LOCK_SECONDS) and not wait:
            return None
        index = build(version)
        stored = cache.get(key)
        if stored is None or stored.version < version:  # never over a newer version's
            cache.set(key, index, TIMEOUT)
            announce(version)
        cache.delete(lock)
    _process[connection.alias] = index
    return index


def announce_channel():
    """The Redis channel on which a new version's index is announced (search.preload)."""
    return f"ints:search:bitmaps{FORMAT}:{connection.settings_dict['NAME']}"


def announce(version):
    """Tell every web process that the index of `version` is in the cache (search.preload);
    nothing happens without Redis, or while it does not answer."""
    if not settings.REDIS_URL:
        return
    try:
        _publisher().publish(announce_channel(), str(version))
    except redis.RedisError:
        logger.info("search: could not announce the facet bitmaps of version %s", version)


def _publisher():
    if "client" not in _redis:
        _redis["client"] = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=2
        )
    return _redis["client"]


def counts(index, base, *, columns, coded, chosen):
    """Rows of (facet param or "" for codes, value or code, label, count) as
    search.sql.facet_counts gives them: each facet counted over `base` (FacetIndex.scope) with
    the other facets' filters.

    `columns` maps the params of column facets to their column ("kind", "year"); `coded` maps
    the params of vocabulary facets to their code; `chosen` maps a facet param to the bitmap of
    its chosen values (facets without a choice are absent).
    """

    def others(param):
        bits = base
        for other, mask in chosen.items():
            if other != param:
                bits &= mask
        return bits

    rows = []
    for param, column in columns.items():
        within = others(param)
        for value, bits in index.column(column).items():
            count = (bits & within).bit_count()
            if count:
                label = index.kind_labels[value] if column == "kind" else value
                rows.append((param, str(value), str(label), count))
    by_code = {code: param for param, code in coded.items()}
    within = {param: others(param) for param in coded}
    for code, bits in index.codes.items():
        param = by_code.get(code // FACET_CODE_BASE)
        if param is not None:
            count = (bits & within[param]).bit_count()
            if count:
                rows.append(("", str(code), "", count))
    return rows


class Page:
    """The object ids of the entries of `bits`, newest first or by title, for a Paginator
    (slicing reads that page's positions only)."""

    def __init__(self, index, bits, *, by_title=False):
        self.index, self.bits, self.by_title = index, bits, by_title

    def __len__(self):
        return self.bits.bit_count()

    def __getitem__(self, page):
        return self.index.page(self.bits, page.start or 0, page.stop, by_title=self.by_title)
