"""The site-wide search: one index (SearchEntry) that every pillar feeds, and its queries.

A model joins the search by defining `search_document()` and calling `register(Model)` (see
resources/signals.py). On PostgreSQL, matching uses the `french_unaccent` text search
configuration (stemming + accents removed) with a GIN index on the whole document; the first tier
of results (title and summary matches) is ranked from a RUM index, the second (body matches)
follows, newest first; facets count codes kept on the entry, from the catalogue's bitmaps
(faceting.IndexedFacetedQuery, bitmaps.py); snippets come from ts_headline; "did you mean" uses
pg_trgm on SearchTerm (help.py). The query is parsed and expanded with the social-work
vocabulary in query.py (synonyms.py, data/vocabulary.yaml); documents and queries are stemmed
twice, with and without accents (migration 0010_h13s_search_recall). Raw statements live in
sql.py, caches per catalogue version in cache.py. On SQLite (demo mode) the same query tree
matches Snowball stems kept in `search_text` (stemming.py).
"""

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchRank,
)
from django.db import connection, connections, models
from django.db.models import F
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resources.models import SearchEntry, SearchTerm
from resources.search import cache as search_cache
from resources.search import query as search_query
from resources.search import sql as search_sql
from resources.search import stemming
from resources.search.faceting import FACET_CODE_BASE
from resources.search.registry import FACET_CODES, VOCABULARY_FACETS

CONFIG = "french_unaccent"
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"[^\W\d_]{3,40}", re.UNICODE)
_START, _STOP = "\x02", "\x03"

_registry = {}


def is_postgres():
    return connection.vendor == "postgresql"


def normalize(text):
    """Lower-case, accent-free text: what SQLite matches against and what SearchTerm stores."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def clean_query(raw):
    """A user's query made safe to use: bounded, no control characters, single spaces."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def facet_ids(**terms):
    """Codes for SearchEntry.facet_ids from the terms of each vocabulary facet, by field name
    (search.registry)."""
    return sorted(
        {
            FACET_CODES[name] * FACET_CODE_BASE + term.pk
            for name, objs in terms.items()
            for term in objs
        }
    )


def register(model):
    _registry[model._meta.label_lower] = model
    return model


def registered_models():
    return list(_registry.values())


def index_object(obj):
    """Create or refresh the search entry of `obj`; remove it when the object has no document.

    Side effects: writes one SearchEntry row, its facet links and new SearchTerm words.
    """
    content_type = ContentType.objects.get_for_model(obj)
    document = obj.search_document()
    if document is None:
        SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        return None
    terms = {f.field: document.get(f.field, []) for f in VOCABULARY_FACETS}
    entry, _created = SearchEntry.objects.update_or_create(
        content_type=content_type,
        object_id=obj.pk,
        defaults={
            "kind": document["kind"],
            "kind_label": document["kind_label"],
            "title": document["title"][:255],
            "summary": document["summary"],
            "body": document["body"],
            "url": document["url"],
            "date": document["date"],
            "year": entry_year(document["date"]),
            "is_public": document["is_public"],
            "search_text": ""
            if is_postgres()
            else stemming.document(document["title"], document["summary"], document["body"]),
            "facet_ids": facet_ids(**terms),
        },
    )
    for name, objs in terms.items():
        getattr(entry, name).set(objs)
    add_terms(f"{document['title']} {document['summary']}")
    return entry


def entry_year(date):
    """The year a visitor sees on the date (local time: 31 December 23:30 UTC is 1 January)."""
    return timezone.localtime(date).year if timezone.is_aware(date) else date.year


def unindex_object(obj):
    content_type = ContentType.objects.get_for_model(obj)
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def add_terms(text):
    words = {normalize(word) for word in _WORD.findall(text or "")}
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word) for word in sorted(words)], ignore_conflicts=True
    )


def prefer_index_scans():
    """For the rest of the request's transaction, read text matches from the GIN index.

    For a frequent word PostgreSQL's cost model picks a scan of the whole search index, which
    checks each entry's vector: out of the row (TOAST), that is one more fetch per entry, ten
    times slower at 100,000 entries than the index, which needs no vector for plain queries.
    `SET LOCAL` ends with the transaction (ATOMIC_REQUESTS); outside one it does nothing.
    """
    if is_postgres() and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")


def match(queryset, query, *, prefix=""):
    """Filter `queryset` to rows whose search entry matches `query`, annotated with `rank`.

    `prefix` is the path from the queryset's model to SearchEntry ("" for SearchEntry itself,
    "search_entries__" for a model with a GenericRelation to it).
    """
    tree = search_query.parse(query)
    if is_postgres():
        # Match on the whole document, rank on title and summary (SearchEntry.rank_vector):
        # a document whose title or summary holds the words comes first, then the newest.
        ts_query = search_query.postgres_query(tree)
        return queryset.filter(**{f"{prefix}search_vector": ts_query}).annotate(
            rank=SearchRank(F(f"{prefix}rank_vector"), ts_query)
        )
    field = f"{prefix}search_text"
    return queryset.filter(search_query.sqlite_filter(tree, field)).annotate(
        rank=search_query.sqlite_rank(tree, field)
    )


def title_tier_base(queryset, query):
    """`queryset` (entries before search.match()) when every title or summary match of `query`
    is a match, that is a query without exclusion (« -mot »): search.Ranked then reads the
    first tier without the whole-document condition. Else None."""
    return None if search_query.excludes(search_query.parse(query)) else queryset


class Ranked:
    """The matches of a faceted text query in relevance order, for a Paginator: slicing reads
    that page only, with `columns` of each search entry as rows (dicts), or as unsaved
    SearchEntry objects with `entries=True`. One ranking whatever the number of matches, so a
    query's first page does not change when its count crosses the sampling threshold: on
    PostgreSQL the two tiers of search_sql.ranked (title and summary matches by the RUM
    distance, or ts_rank without that index, then body-only matches), on SQLite the rank of
    search.match.
    """

    def __init__(self, faceted, *, columns, entries=False):
        self.faceted = faceted
        self.columns = columns
        self.entries = entries

    def __len__(self):
        return self.faceted.total("type")

    def __getitem__(self, page):
        start, stop = page.start or 0, page.stop
        if stop is not None and stop <= start:
            return []  # an empty page (no match): nothing to read
        matches = self.faceted.filtered()
        if not is_postgres():
            rows = list(matches.order_by("-rank", "-date", "pk").values(*self.columns)[page])
        else:
            read = list(dict.fromkeys([*self.columns, "id", "date"]))
            query = matches.order_by().values(*read, "rank_vector").query
            compiler = query.get_compiler(connection=connection)
            sql, params = search_sql.ranked(
                compiler.as_sql(),
                search_sql.ts_query_sql(matches, compiler),
                rum=search_sql.has_rum(),
                columns=read,
                offset=start,
                limit=stop - start,
                first_base=self._title_base(read),
            )
            rows = search_cache.get_or_compute(
                "ranked", sql, params, lambda: search_sql.run(sql, params)
            )
            rows = [dict(zip(read, row, strict=True)) for row in rows]
            rows = [{c: row[c] for c in self.columns} for row in rows]
        return [SearchEntry(**row) for row in rows] if self.entries else rows

    def _title_base(self, columns):
        """(sql, params) of the filtered entries without the text condition, when a title or
        summary match is a match (see search_sql.ranked); else None."""
        unmatched = self.faceted.unmatched
        if unmatched is None:
            return None
        queryset = self.faceted.filtered(queryset=unmatched).order_by()
        return queryset.values(*columns, "rank_vector").query.sql_with_params()


class InIndexOrder:
    """A page of `queryset` (ordered by an indexed column: the date) read in the index's order,
    each entry tested on the way, rather than through a bitmap of every match then a sort: for
    a query with many matches (estimated), the page comes after a few dozen entries (« aller-vers »
    newest first: 340 → 5 ms) where the bitmap re-read every phrase candidate's vector."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __len__(self):
        return self.queryset.count()  # the Paginator is given the count; never reached then

    def __getitem__(self, page):
        alias = self.queryset.db
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT set_config('enable_bitmapscan', 'off', false)")
            try:
                return list(self.queryset[page])
            finally:
                cursor.execute("SELECT set_config('enable_bitmapscan', 'on', false)")


def snippets(entries, query, *, key="pk"):
    """Map `key` of each entry in the `entries` queryset to a highlighted, HTML-safe excerpt.

    Call it with the page's entries only: ts_headline is costly and runs once per row.
    """
    if is_postgres():
        ts_query = search_query.postgres_query(search_query.parse(query))
        rows = entries.annotate(
            excerpt=SearchHeadline(
                Concat("summary", models.Value(" "), "body", output_field=models.TextField()),
                ts_query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        ).values_list(key, "excerpt")
        pairs = search_cache.rows_of("snippets", rows)
        return {value: _mark(excerpt) for value, excerpt in pairs}
    return {
        value: _highlight_plain(summary, query)
        for value, summary in entries.values_list(key, "summary")
    }


def _mark(text):
    escaped = escape(text or "")
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308  (escaped above; only our own markers become tags)


def _highlight_plain(text, query):
    wanted = search_query.stems(search_query.parse(query))
    out = []
    for token in (text or "").split(" "):
        hit = any(set(stemming.variants(word)) & wanted for word in stemming.TOKEN.findall(token))
        out.append(f"{_START}{token}{_STOP}" if hit else token)
    return _mark(" ".join(out)[:400])
