"""Facet bitmaps ready before the first visitor (resources/search/preload.py): a web process's
thread loads the current version's index at start-up and every new version announced on Redis,
and goes on after Redis restarts. A redis-server of the module's own on a free port."""

import time

import pytest
import redis
from django.core.cache import cache
from django.db import connection

from core import shared_cache
from resources.search import bitmaps, preload
from resources.search import cache as search_cache
from tests.factories import ResourceFactory
from tests.support.redis import RedisServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed rows


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def on_redis(redis_server, settings, monkeypatch):
    if redis_server.process.poll() is not None:
        redis_server.start()
    settings.REDIS_URL = redis_server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "core.shared_cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "ints",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    monkeypatch.setattr(shared_cache, "PAUSE_SECONDS", 0)
    monkeypatch.setattr(preload, "RETRY_MAX_SECONDS", 1)
    monkeypatch.setattr(bitmaps, "_redis", {})
    shared_cache._outages.clear()
    cache.clear()
    bitmaps._process.clear()
    yield redis_server
    preload.stop()
    bitmaps._process.clear()


def held_version():
    index = bitmaps._process.get(connection.alias)
    return index.version if index is not None else None


def wait_for(predicate, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def publish_new_version_from_elsewhere():
    """What another process (the worker's warm task) does: build, store, announce."""
    ResourceFactory(title="Une ressource de plus")
    version = search_cache.version()
    index = bitmaps.build(version)
    cache.set(f"search:bitmaps{bitmaps.FORMAT}:{connection.settings_dict['NAME']}", index)
    bitmaps.announce(version)
    return version


def test_the_index_is_in_the_process_before_any_request(on_redis):
    ResourceFactory(title="Maraudes")
    version = search_cache.version()

    preload.start()

    assert wait_for(lambda: held_version() == version)
    assert bitmaps.loaded() is not None  # what a request finds: no load, no build


def test_a_new_version_announced_elsewhere_is_loaded_without_a_request(on_redis):
    ResourceFactory(title="Maraudes")
    preload.start()
    assert wait_for(lambda: held_version() == search_cache.version())

    version = publish_new_version_from_elsewhere()

    assert wait_for(lambda: held_version() == version)
    assert held_size() == 2


def test_the_thread_subscribes_again_after_redis_restarts(on_redis):
    ResourceFactory(title="Maraudes")
    preload.start()
    assert wait_for(lambda: held_version() == search_cache.version())

    on_redis.stop()
    time.sleep(1.5)  # the thread has lost its subscription
    on_redis.start()
    # Redis restarted empty: a new version is built elsewhere and announced once the thread
    # is subscribed again (it reads the current version at each subscription too).
    assert wait_for(lambda: preload._started and _subscribed(on_redis))
    version = publish_new_version_from_elsewhere()

    assert wait_for(lambda: held_version() == version and held_size() == 2)


def held_size():
    index = bitmaps._process.get(connection.alias)
    return index.size if index is not None else None


def _subscribed(server):
    channel = bitmaps.announce_channel()
    try:
        counts = redis.Redis.from_url(server.url).pubsub_numsub(channel)
    except redis.RedisError:
        return False
    return bool(counts and counts[0][1])


def test_nothing_starts_without_redis(settings):
    settings.REDIS_URL = ""
    assert preload.start() is None
