"""SQL queries per page, counted in-process with Django's test client on the bench database.

    python -m bench.sqlcount < groups.json > counts.json

Reads {group: [url, …]} and writes, per group, the number of queries of each URL, the mean SQL
time per page, the slowest statement seen (what explains a slow page) with its plan (EXPLAIN
ANALYZE, with the request's settings replayed) and the URLs that did not answer 200 (a
statement timeout at scale is a finding, not a crash). The first URL of each group is requested
once before counting, so one-off lookups (content types) are not counted; run with the page
cache off (INTS_PAGE_CACHE_SECONDS=0), or hits would count zero. Each URL is measured cold (a
new catalogue version, its facet bitmaps built first as the worker builds them after a change:
the first visit of the URL after a change of the catalogue) and warm (the same URL again); the
cache is emptied at the end, so the latency run starts cold. Then bench.levers.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import levers, own_cache  # noqa: E402
from resources.search import bitmaps  # noqa: E402

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) ints-bench"


def count(groups):
    client = Client(SERVER_NAME="127.0.0.1", HTTP_USER_AGENT=BROWSER, raise_request_exception=False)
    result = {}
    for name, urls in groups.items():
        counts, warm_counts, sql_ms, warm_ms, errors = [], [], [], [], []
        slowest = {"ms": 0.0, "sql": ""}
        client.get(urls[0])  # one-off lookups (content types) out of the count
        for url in urls:
            own_cache.clear()
            bitmaps.current(wait=True)  # as the worker does after a change (not counted)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code != 200:  # e.g. the statement timeout: say so, go on
                errors.append({"url": url, "status": response.status_code})
            counts.append(len(captured))
            times = [float(q["time"]) * 1000 for q in captured.captured_queries]
            sql_ms.append(sum(times))
            for query, ms in zip(captured.captured_queries, times, strict=True):
                if ms > slowest["ms"]:
                    slowest = {"ms": round(ms, 1), "sql": query["sql"], "url": url}
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            warm_counts.append(len(captured))
            warm_ms.append(sum(float(q["time"]) * 1000 for q in captured.captured_queries))
        slowest["plan"] = plan(slowest)
        slowest["sql"] = slowest["sql"][:400]
        result[name] = {
            "counts": counts,
            "warm_counts": warm_counts,
            "sql_ms_mean": round(sum(sql_ms) / len(sql_ms), 1),
            "warm_sql_ms_mean": round(sum(warm_ms) / len(warm_ms), 1),
            "slowest": slowest,
            "errors": errors,
        }
    own_cache.clear()
    return result


def plan(slowest):
    """EXPLAIN (ANALYZE, BUFFERS) of the statement, with the search views' settings."""
    sql = slowest.get("sql", "")
    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off" if "@@" in sql else "SELECT 1")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    return lines[:80]


if __name__ == "__main__":
    from bench.run import QUERIES

    counts = count(json.load(sys.stdin))
    if os.environ.get("BENCH_LEVERS"):
        counts["_levers"] = levers.measure(QUERIES)
    own_cache.clear()
    print(json.dumps(counts, default=str))
