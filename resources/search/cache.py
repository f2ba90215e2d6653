"""Search and facet results cached per catalogue version (Redis in production).

The catalogue version is the page cache's generation (core.page_cache), which any save of
public content bumps once, after the commit: a request that read the old rows before the commit
cannot leave them in the cache under the new version. Invalidation is by version only: entries
of an old version are never read again and expire on their own. A search entry's change also
asks the worker, once per transaction, to build the new version's facet bitmaps.

A key holds the exact SQL and its parameters. A time in the parameters (the visibility cut-off,
now) counts as the number of scheduled entries it has reached (the facet bitmaps know their
dates): a popular query stays a cache read until the next scheduled publication, which then
shows at once. Without the bitmaps in the process, times count to the minute.
"""

import bisect
import datetime
import hashlib
import logging
import secrets

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from core import commit_hooks, page_cache

logger = logging.getLogger(__name__)
WARM_TASK = "resources.tasks.warm_search_index"
TIMEOUT = 3600  # seconds: a version's entries outlive it only this long
_MISSING = object()


def version():
    """The catalogue version; None while Redis does not answer (nothing is cached then)."""
    return page_cache.generation()


def bump():
    """Side effects: increments the catalogue version (empties the page cache too)."""
    page_cache.bump_generation()


def _warm_after_commit(**kwargs):
    commit_hooks.once_after_commit("search-warm", _warm)


def _warm():
    """With a worker (REDIS_URL), have it build the new version's facet bitmaps at once."""
    if not settings.REDIS_URL:
        return  # no worker: the first list of the new version builds them
    try:  # by name: the task module imports the search, not the other way round
        current_app.send_task(WARM_TASK)
    except Exception:  # noqa: BLE001  (a broker that is down: the first visit builds them)
        logger.warning("search: could not queue the facet bitmaps' build", exc_info=True)


def connect_signals():
    from resources.models import SearchEntry

    for signal in (post_save, post_delete):
        signal.connect(_warm_after_commit, sender=SearchEntry, dispatch_uid=f"search-{signal}")


def _stable(value):
    if isinstance(value, datetime.datetime):
        return _moment(value)
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    return value


def _moment(value):
    """What a visibility cut-off (now) changes in a result: which scheduled entries have
    appeared. The facet bitmaps of this version know their dates, so a cached result stays good
    until the next scheduled publication; without them, until the minute changes."""
    from resources.search import bitmaps

    index = bitmaps.loaded()
    if index is None:
        return value.replace(second=0, microsecond=0).isoformat()
    return ("published", bisect.bisect_right(index.future, value))


def key(kind, sql, params):
    """The cache key of a result, or None without a catalogue version (Redis down)."""
    current = version()
    if current is None:
        return None
    digest = hashlib.sha256(repr((sql, _stable(list(params)))).encode()).hexdigest()
    return f"search:{current}:{kind}:{digest}"


def get_or_compute(kind, sql, params, compute):
    """The cached value for (kind, sql, params, version), else compute() stored there; just
    compute() while Redis does not answer."""
    name = key(kind, sql, params)
    if name is None:
        return compute()
    value = cache.get(name, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(name, value, TIMEOUT)
    return value


def rows_of(kind, queryset):
    """The rows of `queryset` (a values() or values_list() one), cached per catalogue version
    under its SQL; an empty one is not cached (it has no SQL)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    return get_or_compute(kind, sql, params, lambda: list(queryset))


def fragment_key(request):
    """What a facet block depends on: the catalogue version, the language and the URL without
    its page (templates: {% cache … facet_block facets_key %})."""
    params = request.GET.copy()
    params.pop("page", None)
    query = "&".join(f"{k}={v}" for k, values in sorted(params.lists()) for v in sorted(values))
    # Without a version (Redis down) a key of its own: a fragment is never reused then.
    current = version() or f"none-{secrets.token_hex(8)}"
    return f"{current}:{get_language()}:{request.path}?{query}"
