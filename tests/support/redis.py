"""Redis for tests: a throwaway redis-server of a test's own, or keys of its own on the shared one.

A test that stops Redis, restarts it or needs an empty database (a Celery broker, a deployed
stack) starts `RedisServer()` on a free port: it may flush it, since nobody else uses it. A test
on the shared Redis (REDIS_URL) writes under `names.key_prefix()` and removes only those keys
(`remove_keys`), never `flushdb()`.
"""

import shutil
import subprocess
import time

import redis

from tests.support.names import redis_address
from tests.support.ports import free_port


def redis_server_installed():
    return shutil.which("redis-server") is not None


def shared_redis_up():
    """The shared Redis of REDIS_URL answers (.ci/run starts it)."""
    host, port = redis_address()
    try:
        return redis.Redis(host=host, port=port, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def remove_keys(client, prefix):
    """Delete the keys under `prefix` (a test's own), and only those; returns how many."""
    keys = list(client.scan_iter(match=f"{prefix}*", count=500))
    return client.delete(*keys) if keys else 0


class RedisServer:
    """A redis-server without persistence on a free loopback port (a restart loses every queued
    message), started and stopped by the test."""

    def __init__(self, port=None):
        self.port, self.process = port or free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout=10):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + timeout
        while not self._ping(client):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"redis-server did not answer on {self.port}")
            time.sleep(0.05)
        return self

    @staticmethod
    def _ping(client):
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        if self.running():
            self.process.kill()
            self.process.wait(timeout=10)
