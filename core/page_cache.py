"""Whole-page cache for anonymous visitors, compatible with CSP nonces.

A public page seen by a visitor without any cookie is the same for everyone but for its CSP
nonce. The first response is stored with its nonce replaced by a placeholder; each hit gets a
fresh nonce written in the body and (by django-csp, outside this middleware) in the header.

Only GET/HEAD requests without cookies are served from the cache, and only 200 HTML responses
that set no cookie and are not marked private/no-store are stored. Entries live
INTS_PAGE_CACHE_SECONDS (0 disables the cache) under a generation number that any save of
public content bumps once per transaction, after its commit (core.commit_hooks), so a
curator's publication shows at once, on every instance when the cache is Redis. A page that is
counted on each view says so with `response.ints_page_hit` (a value kept with the entry); the app
that counts registers a recorder with `on_hit`, called on every hit with the request and it.
While Redis does not answer there is no generation: every page is
computed from the database (core/shared_cache.py)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

from core import commit_hooks, replica, shared_cache

PLACEHOLDER = "__INTS_CSP_NONCE__"
GENERATION_KEY = "pagecache:generation"
PUBLIC_APPS = {"resources", "research", "hautes_etudes", "taggit"}
# Saved all the time and invisible on public pages: they do not empty the cache.
PRIVATE_MODELS = {
    "resourcestat",
    "searchterm",
    "subscription",
    "feedback",
    "linkcheck",
    "application",
    "attachment",
    "review",
    "callapplication",
    "callattachment",
    "callreview",
    "questioninterest",
}
_bump_missed = False  # a change could not bump the generation (Redis down)
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "X-Frame-Options",
    "Cache-Control",
    "Vary",
    "Link",
)


_hit_recorders = []


def on_hit(recorder):
    """Call `recorder(request, value)` on each hit of a page stored with `ints_page_hit`."""
    if recorder not in _hit_recorders:
        _hit_recorders.append(recorder)


def generation():
    """The catalogue version, or None while the shared cache does not answer (pages and
    searches are then computed from the database, nothing is cached by version)."""
    global _bump_missed
    store = shared_cache.strict()
    try:
        if _bump_missed:  # a change saved here during an outage: a new version, now
            _increment(store)
            _bump_missed = False
        value = store.get(GENERATION_KEY)
        if value is None:
            store.add(GENERATION_KEY, _first_generation(), timeout=None)
            value = store.get(GENERATION_KEY) or 1
    except shared_cache.CacheUnavailable:
        return None
    return value


def _increment(store):
    try:
        store.incr(GENERATION_KEY)
    except ValueError:
        store.add(GENERATION_KEY, _first_generation(), timeout=None)


def _first_generation():
    """A generation never seen before, even after the cache was emptied (Redis restarted or
    flushed): the time in microseconds, beyond any earlier generation (which grows by one per
    change), so that what processes keep per generation (search.bitmaps) is never taken for the
    new catalogue."""
    return time.time_ns() // 1000


def invalidate(**kwargs):
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in PUBLIC_APPS:
        return
    if (
        meta.model_name in PRIVATE_MODELS
        or meta.auto_created
        and any(name in meta.model_name for name in PRIVATE_MODELS)
    ):
        return
    commit_hooks.once_after_commit("page-cache-generation", bump_generation)


def bump_generation():
    """Side effects: a new generation (every cached page and search result is then stale); with
    a replica, first the primary's WAL position, so that the new generation is never filled from
    a replica that has not replayed the change (core/replica.py). Called after the
    change's commit (see invalidate), so that position includes it."""
    if replica.configured():  # logs and goes on if it fails
        replica.record_primary_position()
    global _bump_missed
    try:
        _increment(shared_cache.strict())
    except shared_cache.CacheUnavailable:
        # Redis down: this process bumps as soon as it reaches Redis again (generation()); a
        # Redis restarted empty starts a new generation anyway.
        _bump_missed = True


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(invalidate, dispatch_uid=f"pagecache-{signal}")


def _key(request):
    version = generation()
    if version is None:
        return None
    # get_host() raises DisallowedHost (answered 400) for a Host outside ALLOWED_HOSTS: a cached
    # page is never served to a host the site would refuse, and each allowed host has its own
    # entries.
    host = request.get_host()
    digest = hashlib.sha256(f"{host}\n{request.get_full_path()}".encode()).hexdigest()
    return f"pagecache:{version}:{digest}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.INTS_PAGE_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or request.COOKIES:
            return self.get_response(request)
        key = _key(request)
        if key is None:  # Redis does not answer: the page from the database (logged there)
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None:
            return self._replay(request, entry)
        response = self.get_response(request)
        self._store(request, response, key, seconds)
        return response

    @staticmethod
    def _replay(request, entry):
        body = entry["body"].replace(PLACEHOLDER, str(request.csp_nonce))
        response = HttpResponse(body if request.method == "GET" else b"")
        for header, value in entry["headers"].items():
            response[header] = value
        response["X-Page-Cache"] = "hit"
        if entry.get("hit") is not None:
            for recorder in _hit_recorders:
                recorder(request, entry["hit"])
        return response

    @staticmethod
    def _store(request, response, key, seconds):
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or not response.get("Content-Type", "").startswith("text/html")
            or "private" in cache_control
            or "no-store" in cache_control
            or getattr(response, "ints_no_page_cache", False)
        ):
            return
        body = response.content.decode(response.charset or "utf-8")
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:
            body = body.replace(nonce, PLACEHOLDER)
        cache.set(
            key,
            {
                "body": body,
                "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
                "hit": getattr(response, "ints_page_hit", None),
            },
            seconds,
        )
