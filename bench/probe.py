"""In-process probe of the search pages (not part of make bench): SQL statements, SQL time and
total time per URL, cold (empty cache, the facet bitmaps built first as the worker does after a
change; PROBE_WARM_BITMAPS=0 to include their build) and warm, and the top 20 of each bench
query in the new order against today's rule (ts_rank on title+summary, then the newest).

    DATABASE_URL=postgres://…/ints_bench_100000 DJANGO_DEBUG=true python -m bench.probe [urls…]
"""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("INTS_PAGE_CACHE_SECONDS", "0")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import own_cache  # noqa: E402
from bench.run import FILTERS, QUERIES  # noqa: E402
from ints_portal.views import SEARCH_FACETS  # noqa: E402
from resources import search  # noqa: E402
from resources.models import SearchEntry  # noqa: E402
from resources.search import bitmaps  # noqa: E402
from resources.search.faceting import IndexedFacetedQuery  # noqa: E402


def timed(client, url):
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        response = client.get(url, HTTP_USER_AGENT="probe")
        total = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    sql = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
    return {"n": len(ctx.captured_queries), "ms": round(total, 1), "sql_ms": round(sql, 1),
            "slowest_ms": round(float(slowest["time"]) * 1000, 1),
            "slowest": slowest["sql"][:160]}  # fmt: skip


def top20(query):
    """(today's ids, new ids) of the first page of `query`."""
    from django.db import transaction
    from django.http import QueryDict

    with transaction.atomic():
        search.prefer_index_scans()
        entries = search.match(SearchEntry.objects.visible(), query)
        old = list(entries.order_by("-rank", "-date", "pk").values_list("pk", flat=True)[:20])
        faceted = IndexedFacetedQuery(entries, SEARCH_FACETS, QueryDict())
        new = [row["id"] for row in search.Ranked(faceted, columns=["id"])[0:20]]
    return old, new


def main():
    urls = sys.argv[1:] or (
        [f"/rechercher/?q={q}" for q in QUERIES]
        + ["/ressources/"]
        + [f"/ressources/?{f}" for f in FILTERS]
    )
    client = Client()
    client.get("/")  # connections, templates
    out = []
    for url in urls:
        own_cache.clear()  # a new catalogue version: nothing of this URL is cached
        if os.environ.get("PROBE_WARM_BITMAPS", "1") == "1":
            bitmaps.current(wait=True)  # as the worker builds them right after a change
        cold = timed(client, url)
        warm = timed(client, url)
        out.append({"url": url, "cold": cold, "warm": warm})
        print(f"{cold['ms']:7.1f} {cold['sql_ms']:7.1f} {cold['n']:3d} | {warm['ms']:7.1f} "
              f"{warm['n']:3d}  {url}  [{cold['slowest_ms']} {cold['slowest'][:60]}]",
              flush=True)  # fmt: skip
    if not sys.argv[1:]:
        same = []
        for query in QUERIES:
            old, new = top20(query)
            same.append({"query": query, "kept": len(set(old) & set(new)), "of": len(old),
                         "same_order": old == new})  # fmt: skip
        out.append({"top20": same})
        print(json.dumps(same))
    if os.environ.get("PROBE_OUT"):
        with open(os.environ["PROBE_OUT"], "w") as handle:
            json.dump(out, handle)


if __name__ == "__main__":
    main()
