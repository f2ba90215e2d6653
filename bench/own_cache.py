"""Empty the bench's own cache entries, and only those.

Django's `cache.clear()` on a Redis cache runs FLUSHDB: every key of the database goes, other
users' included (the bench runs on a shared Redis, BENCH_REDIS_URL). bench/settings.py gives
each run its own KEY_PREFIX; `clear()` here deletes the keys under it.
"""

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache


def clear():
    if not isinstance(cache, RedisCache):
        cache.clear()  # a process-local cache: nobody else's keys in it
        return
    client = cache._cache.get_client(write=True)
    pattern = f"{cache.key_prefix}:*" if cache.key_prefix else "*"
    batch = []
    for key in client.scan_iter(match=pattern, count=1000):
        batch.append(key)
        if len(batch) == 1000:
            client.delete(*batch)
            batch.clear()
    if batch:
        client.delete(*batch)
