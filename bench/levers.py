"""What each search lever gains, measured in-process on the bench database (bench.sqlcount
runs it): the same statements with and without the lever, median of 3 runs, in ms; and the top
20 of each bench query in the new order against today's (ORDER BY ts_rank, date)."""

import statistics
import time

from django.db import connection, transaction
from django.http import QueryDict

from ints_portal.views import SEARCH_FACETS
from resources import search
from resources.models import SearchEntry
from resources.queries import resource_query
from resources.search import sql as search_sql
from resources.search.faceting import IndexedFacetedQuery

BROAD = ["accompagnement", "aller-vers", '"projet personnalisé"', "évaluation", "maraudes"]


def _ms(function, runs=3):
    times = []
    for _ in range(runs):
        with transaction.atomic():
            search.prefer_index_scans()
            start = time.perf_counter()
            function()
            times.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)
    return round(statistics.median(times), 1)


def _faceted(query):
    entries = search.match(SearchEntry.objects.visible(), query)
    return IndexedFacetedQuery(entries, SEARCH_FACETS, QueryDict())


def _exact_facets(query):
    faceted = _faceted(query)
    cap = search_sql.SAMPLE_ABOVE
    search_sql.SAMPLE_ABOVE = 10**9  # every match counted, as before
    try:
        faceted.rows()
    finally:
        search_sql.SAMPLE_ABOVE = cap


def _sampled_facets(query):
    _faceted(query).rows()


def _page_today(query):
    entries = search.match(SearchEntry.objects.visible(), query)
    list(entries.order_by("-rank", "-date", "pk").values_list("pk", flat=True)[:20])


def _page_ranked(faceted, *, rum):
    saved, below = search_sql._rum.get(connection.alias), search_sql.RANK_EXACT_BELOW
    search_sql._rum[connection.alias], search_sql.RANK_EXACT_BELOW = rum, -1  # the tiers
    try:
        search.Ranked(faceted, columns=["id"])[0:20]
    finally:
        search_sql._rum[connection.alias], search_sql.RANK_EXACT_BELOW = saved, below


def _list_counts():
    resource_query(QueryDict()).faceted.rows()


def measure(queries):
    from django.core.cache import cache

    def cold(function):
        def run():
            cache.clear()
            function()

        return run

    rows = []
    for query in BROAD:
        counted = _faceted(query)
        with transaction.atomic():
            search.prefer_index_scans()
            counted.rows()  # the counts the page reads its first tier's size from
        rows.append({
            "query": query,
            "facets_exact": _ms(cold(lambda q=query: _exact_facets(q))),
            "facets_sampled": _ms(cold(lambda q=query: _sampled_facets(q))),
            "facets_cached": _ms(lambda q=query: _sampled_facets(q)),
            "page_today": _ms(lambda q=query: _page_today(q)),
            "page_gin": _ms(lambda f=counted: _page_ranked(f, rum=False)),
            "page_rum": _ms(lambda f=counted: _page_ranked(f, rum=True))
            if search_sql.has_rum()
            else None,
        })  # fmt: skip
    has_rum = search_sql.has_rum()
    lists = {"cold": _ms(cold(_list_counts)), "cached": _ms(_list_counts)}
    return {"rum": has_rum, "queries": rows, "list": lists, "top20": top20(queries)}


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
