"""The shared cache (Redis) as the portal uses it: a cache, never a dependency of a page.

Redis holds what the database can give again (whole pages, search results, facet bitmaps,
template fragments, the worker's heartbeat) and the rate-limit counters. When it does not answer,
the default cache (`ResilientRedisCache`, with REDIS_URL) behaves as an empty cache that keeps
nothing: a read misses, a write is dropped, `add` refuses. Pages are then computed from the
database, searches count their facets in SQL, and everything goes back to the cache by itself
once Redis answers again. One warning is logged per minute of outage (not per request), and one
line when Redis is back. After a failure Redis is left alone for `PAUSE_SECONDS`: a Redis that
hangs costs one request its socket timeout every few seconds, not every request.

What must not go through when it cannot be counted (the rate limits of costly actions) reads
through `strict()`, whose calls raise `CacheUnavailable` instead; `CacheUnavailableMiddleware`
turns that into the French 503 page with Retry-After, so a view never handles it itself.
"""

import logging
import threading
import time

import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.shortcuts import render

logger = logging.getLogger(__name__)
PAUSE_SECONDS = 2  # after a failure, calls fail at once for this long
LOG_EVERY_SECONDS = 60
RETRY_AFTER_SECONDS = 30  # what the 503 page asks a visitor to wait
_ERRORS = (redis.ConnectionError, redis.TimeoutError)  # BusyLoadingError is a ConnectionError


class CacheUnavailable(Exception):
    """The shared cache did not answer (or failed a moment ago and is left alone)."""


class _Outage:
    """One process's view of one Redis server: paused until, outage start, last warning."""

    def __init__(self, server):
        self.server, self.lock = server, threading.Lock()
        self.paused_until, self.since, self.logged = 0.0, None, None

    def check(self):
        if time.monotonic() < self.paused_until:
            raise CacheUnavailable(f"{self.server}: paused after a failure")

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            self.paused_until = now + PAUSE_SECONDS
            if self.since is None:
                self.since = now
            if self.logged is None or now - self.logged >= LOG_EVERY_SECONDS:
                self.logged = now
                logger.warning(
                    "Redis does not answer (%s): cache bypassed, pages computed from the "
                    "database, costly actions refused with 503 (next warning in %d s)",
                    error,
                    LOG_EVERY_SECONDS,
                )

    def answered(self):
        if self.since is None:
            return
        with self.lock:
            if self.since is not None:
                logger.warning("Redis answers again after %.0f s", time.monotonic() - self.since)
                self.since, self.logged = None, None


_outages = {}
_outages_lock = threading.Lock()


def _outage(server):
    with _outages_lock:
        return _outages.setdefault(server, _Outage(server))


class _StrictClient(RedisCacheClient):
    """Django's Redis client whose calls raise CacheUnavailable when Redis does not answer."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._outage = _outage(servers[0])


def _guarded(name):
    method = getattr(RedisCacheClient, name)

    def call(self, *args, **kwargs):
        self._outage.check()
        try:
            result = method(self, *args, **kwargs)
        except _ERRORS as error:
            self._outage.failed(error)
            raise CacheUnavailable(str(error)) from error
        self._outage.answered()
        return result

    call.__name__ = name
    return call


_CALLS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)
for _name in _CALLS:
    setattr(_StrictClient, _name, _guarded(_name))


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that acts as an empty cache while Redis does not answer."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _StrictClient

    def add(self, *args, **kwargs):
        return _or(False, super().add, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return _or(default, super().get, key, default, version)

    def set(self, *args, **kwargs):
        return _or(None, super().set, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return _or(False, super().touch, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return _or(False, super().delete, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return _or({}, super().get_many, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return _or(False, super().has_key, *args, **kwargs)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except CacheUnavailable as error:  # as for a missing key: callers then `add`
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from error

    def set_many(self, data, *args, **kwargs):
        return _or(list(data), super().set_many, data, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return _or(None, super().delete_many, *args, **kwargs)

    def clear(self):
        return _or(False, super().clear)


def _or(fallback, call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except CacheUnavailable:
        return fallback


class _Strict:
    """The calls of a ResilientRedisCache without their fallback: they raise CacheUnavailable."""

    def __init__(self, backend):
        self._backend = backend

    def __getattr__(self, name):
        method = getattr(RedisCache, name)
        return lambda *args, **kwargs: method(self._backend, *args, **kwargs)


def strict(alias="default"):
    """The cache `alias` whose calls raise CacheUnavailable when Redis does not answer (the
    local-memory cache of the demo never does)."""
    backend = caches[alias]
    return _Strict(backend) if isinstance(backend, ResilientRedisCache) else backend


class CacheUnavailableMiddleware:
    """A costly action that could not be counted (CacheUnavailable out of a view): the French
    503 page with Retry-After, never a 500; the request's transaction is rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CacheUnavailable):
            return None
        response = render(
            request,
            "unavailable.html",
            {"retry_after_seconds": RETRY_AFTER_SECONDS},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
