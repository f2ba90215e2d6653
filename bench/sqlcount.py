"""SQL queries per page, counted in-process with Django's test client on the bench database.

    python -m bench.sqlcount < groups.json > counts.json

Reads {group: [url, …]} and writes, per group, the number of queries of each URL, the mean SQL
time per page, the slowest statement seen (what explains a slow page) and the URLs that did not
answer 200 (a statement timeout at scale is a finding, not a crash). The first URL of each group
is requested once before counting, so one-off lookups (content types, cached vocabularies) are
not counted; run with the page cache off (INTS_PAGE_CACHE_SECONDS=0), or hits would count zero.
"""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) ints-bench"


def count(groups):
    client = Client(SERVER_NAME="127.0.0.1", HTTP_USER_AGENT=BROWSER, raise_request_exception=False)
    result = {}
    for name, urls in groups.items():
        counts, sql_ms, slowest, errors = [], [], {"ms": 0.0, "sql": ""}, []
        client.get(urls[0])  # one-off lookups (content types, vocabularies) out of the count
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code != 200:  # e.g. the statement timeout: say so, go on
                errors.append({"url": url, "status": response.status_code})
            counts.append(len(captured))
            times = [float(q["time"]) * 1000 for q in captured.captured_queries]
            sql_ms.append(sum(times))
            for query, ms in zip(captured.captured_queries, times, strict=True):
                if ms > slowest["ms"]:
                    slowest = {"ms": round(ms, 1), "sql": query["sql"][:400], "url": url}
        result[name] = {
            "counts": counts,
            "sql_ms_mean": round(sum(sql_ms) / len(sql_ms), 1),
            "slowest": slowest,
            "errors": errors,
        }
    return result


if __name__ == "__main__":
    print(json.dumps(count(json.load(sys.stdin))))
