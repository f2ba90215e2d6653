"""Per-client rate limits of the public forms, in the shared cache, on sliding windows.

A form asks `retry_after` before acting (reading only: a refused or invalid attempt is not
counted) and calls `record_action` once the action is accepted; `too_many_response` is the page
that says when to come back. The client is the address behind our trusted proxies
(core.client_ip), keyed by the secret: the address itself is not kept. While Redis does not
answer, a costly action fails closed (core.shared_cache answers 503), a cheap one may fail open.
"""

import contextlib
import hashlib
import hmac
import math
import time

from django.conf import settings
from django.shortcuts import render

from core import shared_cache
from core.client_ip import client_ip


def client_fingerprint(request):
    """A keyed hash of the client's address for rate limiting; the address is not kept.

    The address is the one behind our trusted proxies (core.client_ip), so each visitor
    has their own count, not the proxy. Keyed by the secret rather than salted by the date, so
    that a window does not start again at midnight; the counters expire with their window.
    """
    address = client_ip(request)
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


# A window of period_seconds is counted in SLOTS slots (a minute of an hour) plus the current
# one: the last `period_seconds` always hold at most `limit` actions, whatever the clock.
SLOTS = 60


def _slots(request, *, bucket, period_seconds):
    """The cache keys of the slots that cover the last `period_seconds` (oldest first, the
    current slot last), the current slot's number and a slot's width in seconds."""
    width = period_seconds / SLOTS
    current = int(time.time() // width)
    prefix = f"ratelimit:{bucket}:{client_fingerprint(request)}"
    return [f"{prefix}:{slot}" for slot in range(current - SLOTS, current + 1)], current, width


@contextlib.contextmanager
def _counting(fail_open):
    """Redis not answering raises CacheUnavailable (a costly action is then refused with a 503:
    core.shared_cache), or, for a limit that fails open, lets the action through."""
    try:
        yield shared_cache.strict()
    except shared_cache.CacheUnavailable:
        if not fail_open:
            raise


def retry_after(request, *, bucket, limit, period_seconds, fail_open=False):
    """Seconds until this client may act again in `bucket`, or 0 if it may act now: a sliding
    window, so twice the limit never fits across an hour's boundary.

    Reading only: a refused or invalid attempt is not counted (see `record_action`). Raises
    CacheUnavailable while Redis does not answer, unless `fail_open` (then 0).
    """
    keys, current, width = _slots(request, bucket=bucket, period_seconds=period_seconds)
    found = {}
    with _counting(fail_open) as store:
        found = store.get_many(keys)
    counts = [found.get(key) or 0 for key in keys]
    total = sum(counts)
    if total < limit:
        return 0
    first = current - SLOTS
    for age, count in enumerate(counts):  # the oldest slots leave the window first
        total -= count
        if total < limit:
            return max(1, math.ceil((first + age + SLOTS + 1) * width - time.time()))
    return max(1, math.ceil(width))  # unreachable: the current slot alone is below the limit


def record_action(*, request, bucket, period_seconds, fail_open=False):
    """Count one accepted action of this client in `bucket`.

    Side effects: one counter per slot in the shared cache, expiring with the window.
    """
    keys, _current, width = _slots(request, bucket=bucket, period_seconds=period_seconds)
    timeout = math.ceil(period_seconds + 2 * width)
    with _counting(fail_open) as store:
        if not store.add(keys[-1], 1, timeout=timeout):
            try:
                store.incr(keys[-1])
            except ValueError:  # expired between add and incr
                store.add(keys[-1], 1, timeout=timeout)


def allow(request, *, bucket, limit, period_seconds, fail_open=False):
    """A sliding-window rate limit per client in the shared cache; False once over the limit.

    Checks and counts in one call, for callers that count every attempt. Forms should call
    `retry_after` first and `record_action` once the action is accepted.

    Side effects: counts the attempt when allowed.
    """
    limits = {"bucket": bucket, "period_seconds": period_seconds, "fail_open": fail_open}
    if retry_after(request, limit=limit, **limits):
        return False
    record_action(request=request, **limits)
    return True


def too_many_response(request, *, retry_after):
    """429 with Retry-After (seconds) and the time to come back, for every rate-limited form."""
    response = render(
        request,
        "resources/engagement/too_many.html",
        {"retry_after_minutes": -(-retry_after // 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
