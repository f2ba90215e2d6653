"""What happens to the search caches between two rounds of the bench's search measures, done
in a process of its own on the bench's settings, as the portal itself would do it.

    python -m bench.warmup fresh    # nothing cached: the run's own keys emptied, bitmaps built
    python -m bench.warmup change   # a change of the catalogue, then the worker's warm-up
    python -m bench.warmup bump     # a change of the catalogue, bitmaps built, no warm-up

`fresh`: a query's first visit ever (no earlier version to serve it from). `change`: a new
catalogue version as any save of public content makes one, then `warm_search_index` as the
Celery worker runs it after the change (the facet bitmaps, then the frequent queries' pages).
`bump`: a new version whose bitmaps the worker has built but whose queries it has not computed
yet (stale-while-revalidate serves the previous version's). Prints the seconds the step took,
as JSON.
"""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from bench import own_cache  # noqa: E402
from core import page_cache  # noqa: E402
from resources import tasks  # noqa: E402
from resources.search import bitmaps  # noqa: E402


def main(step):
    start = time.perf_counter()
    if step == "fresh":
        own_cache.clear()
        bitmaps.current(wait=True)
    elif step == "change":
        page_cache.bump_generation()
        tasks.warm_search_index()
    elif step == "bump":
        page_cache.bump_generation()
        bitmaps.current(wait=True)
    else:
        sys.exit(f"unknown step {step!r}: fresh, change or bump")
    print(json.dumps({"step": step, "seconds": round(time.perf_counter() - start, 2)}))


if __name__ == "__main__":
    main(sys.argv[1])
