"""Production settings for the benchmark: the portal's own, plus one bench-only URL.

Only two things differ from ints_portal.settings, neither on the request path: the root URLconf
(bench/urls.py adds /bench/ceiling/ before the portal's URLs) and where collectstatic writes,
so a benchmark never races another checkout's `make test` over staticfiles/. Everything else
(DEBUG off, security middleware, CSP, sessions, page cache, Redis) comes from the environment
exactly as in production; bench/run.py sets it."""

import os

from ints_portal.settings import *  # noqa: F403
from ints_portal.settings import BASE_DIR, CACHES

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "staticfiles"

# One key prefix per run: a page cached by a run on another catalogue is never served.
if "KEY_PREFIX" in CACHES["default"]:
    CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "ints-bench")
