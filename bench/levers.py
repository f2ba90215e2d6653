"""What each search lever of issue 14 gains, measured in-process on the bench database
(bench.sqlcount runs it): the same work with and without the lever, median of 3 runs, in ms,
each on a new catalogue version whose facet bitmaps are built first (as the worker does right
after a change); and the top 20 of each bench query in the new order against today's
(ORDER BY ts_rank, date)."""

import contextlib
import pickle
import statistics
import time

from django.db import transaction
from django.http import QueryDict

from ints_portal.views import SEARCH_FACETS
from resources import search
from resources.models import SearchEntry
from resources.queries import resource_query
from resources.search import bitmaps
from resources.search import cache as search_cache
from resources.search import sql as search_sql
from resources.search.faceting import IndexedFacetedQuery

BROAD = ["accompagnement", "aller-vers", '"projet personnalisé"', "évaluation", "maraudes", "CESF"]


@contextlib.contextmanager
def patched(obj, **values):
    saved = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(obj, name, value)


def _ms(function, runs=3):
    """Median time of `function`, each run on a new catalogue version (bitmaps built first)."""
    times = []
    for _ in range(runs):
        search_cache.bump()
        bitmaps.current(wait=True)
        with transaction.atomic():
            search.prefer_index_scans()
            start = time.perf_counter()
            function()
            times.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)
    return round(statistics.median(times), 1)


def _faceted(query):
    visible = SearchEntry.objects.visible()
    return IndexedFacetedQuery(
        search.match(visible, query),
        SEARCH_FACETS,
        QueryDict(),
        unmatched=search.title_tier_base(visible, query),
    )


def _counts_statement(query):
    """Before: one statement counting every facet over every match."""
    with patched(bitmaps, current=lambda **kwargs: None):
        _faceted(query).rows()


def _counts_every_id(query):
    with patched(search_sql, ESTIMATE_ABOVE=10**9):
        _faceted(query).rows()


def _counts_sampled(query):
    _faceted(query).rows()


def _page_today(query):
    entries = search.match(SearchEntry.objects.visible(), query)
    list(entries.order_by("-rank", "-date", "pk").values_list("pk", flat=True)[:20])


def _page_tiers(query, *, title_base):
    faceted = _faceted(query)
    if not title_base:
        faceted.unmatched = None  # the first tier read with the whole-document condition
    search.Ranked(faceted, columns=["id"])[0:20]


def _list_counts(*, use_bitmaps):
    query = resource_query(QueryDict())
    if use_bitmaps:
        query.faceted.rows()
        return
    with patched(bitmaps, current=lambda **kwargs: None):
        query.faceted.rows()


def _bitmaps_build():
    start = time.perf_counter()
    index = bitmaps.build(search_cache.version())
    return round((time.perf_counter() - start) * 1000, 1), len(pickle.dumps(index))


def measure(queries):
    search_sql.has_rum()  # detected on this connection
    rows = []
    for query in BROAD:
        rows.append({
            "query": query,
            "counts_statement": _ms(lambda q=query: _counts_statement(q)),
            "counts_every_id": _ms(lambda q=query: _counts_every_id(q)),
            "counts_sampled": _ms(lambda q=query: _counts_sampled(q)),
            "page_today": _ms(lambda q=query: _page_today(q)),
            "page_tiers_whole": _ms(lambda q=query: _page_tiers(q, title_base=False)),
            "page_tiers": _ms(lambda q=query: _page_tiers(q, title_base=True)),
        })  # fmt: skip
    build_ms, size = _bitmaps_build()
    lists = {
        "statement": _ms(lambda: _list_counts(use_bitmaps=False)),
        "bitmaps": _ms(lambda: _list_counts(use_bitmaps=True)),
        "build_ms": build_ms,
        "bytes": size,
    }
    return {
        "rum": search_sql.has_rum(),
        "queries": rows,
        "list": lists,
        "top20": top20(queries),
    }


def top20(queries):
    out = []
    for query in queries:
        with transaction.atomic():
            search.prefer_index_scans()
            entries = search.match(SearchEntry.objects.visible(), query)
            today = list(entries.order_by("-rank", "-date", "pk").values_list("pk", flat=True)[:20])
            faceted = _faceted(query)
            new = [row["id"] for row in search.Ranked(faceted, columns=["id"])[0:20]]
        out.append({
            "query": query, "today": len(today), "kept": len(set(today) & set(new)),
            "same_order": today == new, "first_same": today[:1] == new[:1],
        })  # fmt: skip
    return out
