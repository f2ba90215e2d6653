"""Facet bitmaps in every web process before the first visitor needs them.

Each process keeps the FacetIndex of the current catalogue version (search.bitmaps); without
this module the first list or search after a change of the catalogue paid the load in each
gunicorn worker (320–490 ms at 100,000 resources: unpickling 7 MB from Redis). Here a daemon
thread per web process loads it at start-up and again whenever a new version's index is
announced on a Redis channel (published by whoever built it: the worker's warm task, or a
request that had to build it). Requests then find it in the process.

The thread never takes the process down: while Redis does not answer it waits and subscribes
again (1 s, doubling up to 30 s), and a version announced meanwhile is read at once on
reconnection. Started by ints_portal/wsgi.py (each gunicorn worker imports it, and a fork
starts it again); nothing starts it without REDIS_URL or with INTS_SEARCH_PRELOAD false.
"""

import logging
import os
import threading

import redis
from django.conf import settings
from django.db import connection

from resources.search import bitmaps

logger = logging.getLogger(__name__)
RETRY_MAX_SECONDS = 30
_started = {}  # pid -> thread
_stop = threading.Event()


def start():
    """Start this process's loader thread once (again in a forked child)."""
    if not settings.REDIS_URL or not getattr(settings, "INTS_SEARCH_PRELOAD", True):
        return None
    pid = os.getpid()
    if pid in _started and _started[pid].is_alive():
        return _started[pid]
    _stop.clear()
    thread = threading.Thread(target=_run, name="search-bitmaps-preload", daemon=True)
    _started[pid] = thread
    thread.start()
    return thread


def stop(timeout=5):
    """End this process's loader thread (tests)."""
    _stop.set()
    thread = _started.pop(os.getpid(), None)
    if thread is not None:
        thread.join(timeout)


def load():
    """Read the current version's index into this process (or build it if nobody has); the
    thread's database connection is closed after, so the thread holds none between versions."""
    try:
        return bitmaps.current()
    except Exception:  # noqa: BLE001  (a database or cache failure: the next version retries)
        logger.warning("search: could not preload the facet bitmaps", exc_info=True)
        return None
    finally:
        connection.close()


def _run():
    delay = 1
    while not _stop.is_set():
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=2, health_check_interval=30
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(bitmaps.announce_channel())
            load()  # after subscribing: a version announced from now on is not missed
            delay = 1
            while not _stop.is_set():
                if pubsub.get_message(timeout=1) is not None:
                    load()
            pubsub.close()
        except redis.RedisError:
            _stop.wait(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)
        except Exception:  # noqa: BLE001  (never end the thread: log and start again)
            logger.exception("search: the bitmaps preload thread failed")
            _stop.wait(delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)
