import contextlib
from pathlib import Path

import pytest

# A real S3-compatible server (SeaweedFS) for the object-storage tests, started on first use.
from tests.support.names import key_prefix
from tests.support.redis import remove_keys
from tests.support.seaweedfs import bucket_storage, seaweedfs  # noqa: F401

# The session's one Chromium, for every folder that drives a browser.
pytest_plugins = ["tests.support.browser_fixtures"]

TESTS = Path(__file__).resolve().parent
# `slow`, left out of `make test-fast`: whole directories that start real servers (Chromium,
# nginx, gunicorn, Celery, PostgreSQL clusters) or interrupt them, and the modules elsewhere
# that load the whole demo in subprocesses or run Java (each over a minute with 2 workers on a
# loaded machine: `--durations` of 2026-12-03). A test may also carry `pytest.mark.slow` itself.
SLOW_DIRECTORIES = ("browser", "deploy", "faults", "ops")
SLOW_MODULES = (
    "portal/test_sqlite_demo.py",  # migrate + load_demo on SQLite in a subprocess
    "portal/test_html_validity.py",  # the Nu HTML checker (Java) on every page type
    "resources/test_load_demo.py",  # the whole demo, twice
    "resources/test_relevance.py",  # the demo catalogue, and again on SQLite
    "research/test_demo.py",  # the research demo, twice
)
# Markers that imply `slow` wherever the test lives.
SLOW_MARKERS = ("browser", "faults")


def pytest_collection_modifyitems(config, items):
    slow = pytest.mark.slow
    for item in items:
        path = Path(item.path).relative_to(TESTS)
        if (
            path.parts[0] in SLOW_DIRECTORIES
            or path.as_posix() in SLOW_MODULES
            or any(item.get_closest_marker(m) for m in SLOW_MARKERS)
        ):
            item.add_marker(slow)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """The test database is `test_<DATABASE_URL's name>_<pid>` (ints_portal/test_settings.py), so
    that two runs from one checkout never share it. Kept with --reuse-db (`make test-fast`), it
    must be found again by the next run: then its name comes from DATABASE_URL alone (one per
    developer), and pytest-django adds the xdist worker (`_gw0`, `_gw1`…)."""
    from django.conf import settings

    if request.config.getvalue("reuse_db"):
        for db_settings in settings.DATABASES.values():
            db_settings.setdefault("TEST", {})["NAME"] = f"test_{db_settings['NAME']}"
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """With --reuse-db the test databases outlive the run, and a transactional test's flush
    would leave them without the migrations' reference data (groups, themes, territories…),
    which the next run does not recreate (its migrations are applied already). At the start the
    data is serialized (as for `serialized_rollback`), at the end put back."""
    from django.core.management import call_command
    from django.db import connections

    keep = request.config.getvalue("reuse_db")
    if keep:
        with django_db_blocker.unblock():
            for alias in connections:
                connection = connections[alias]
                if getattr(connection, "_test_serialized_contents", None) is None:
                    connection._test_serialized_contents = (
                        connection.creation.serialize_db_to_string()
                    )
    yield
    if not keep:
        return
    with django_db_blocker.unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents:
                options = {"interactive": False, "inhibit_post_migrate": True, "verbosity": 0}
                call_command("flush", database=alias, **options)
                connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """Keep the migrations' reference data (themes, audiences, territories, groups…) right
    around a module of transactional tests marked `serialized_rollback=True` (the browser
    tests, the OAI harvest, the workflow race).

    Django reloads the serialized data at the start of such a test, and each transactional
    test ends with a flush. Two traps, both met when other modules' transactional tests run
    without serialized_rollback:

    * their flush re-creates content types and permissions with new keys (post_migrate), so
      reloading ours would collide: start the module from an empty database instead;
    * our flush leaves the tables empty for them: reload the data when the module is done.

    In tests/browser the session's `browser` fixture is set up first (a wider scope), so the
    serialized data it carried over to Playwright's connections is the one reloaded here.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            call_command(
                "flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0
            )
            connections[alias].close()
    ContentType.objects.clear_cache()
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents:
                connections[alias].creation.deserialize_db_from_string(contents)
            connections[alias].close()
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Every test writes uploads to its own private directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(scope="session", autouse=True)
def _own_cache_keys():
    """With REDIS_URL in the environment the tests' cache is the shared Redis: this run's keys
    get a prefix of their own (worker and process), so that emptying the cache between tests
    removes only them."""
    from django.conf import settings
    from django.test.utils import override_settings

    default = settings.CACHES["default"]
    if "Redis" not in default["BACKEND"]:
        yield
        return
    own = {**default, "KEY_PREFIX": key_prefix("cache").rstrip(":")}
    with override_settings(CACHES={**settings.CACHES, "default": own}):
        yield


def _empty_cache():
    """cache.clear(), except on Redis, where Django's clear() is FLUSHDB (every user's keys):
    there, only this run's keys go."""
    import redis
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]  # the backend itself (django.core.cache.cache is a proxy)
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    # Redis down: the cache is empty as far as the portal can tell.
    with contextlib.suppress(redis.RedisError):
        remove_keys(cache._cache.get_client(write=True), f"{cache.key_prefix}:")


@pytest.fixture(autouse=True)
def _clear_cache():
    _empty_cache()
    yield
    _empty_cache()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, past the back-office's two-factor step too."""
    from tests.helpers import verified_login

    verified_login(client, admin_user)
    return client


@pytest.fixture(autouse=True)
def _outbox_sends_at_once(request, monkeypatch):
    """The test transaction never commits, so the outbox's after-commit send would never run:
    outside tests marked `outbox_commit`, send right away (the row is in the same transaction)."""
    if request.node.get_closest_marker("outbox_commit"):
        return
    monkeypatch.setattr("core.emails.after_commit", lambda callback: callback())


@pytest.fixture(autouse=True)
def _commit_hooks_run_at_once(request, monkeypatch):
    """Likewise for the once-per-transaction hooks (reindexing, the page cache's generation):
    right away outside tests marked `outbox_commit`, whose transactions really commit."""
    if request.node.get_closest_marker("outbox_commit"):
        return
    monkeypatch.setattr(
        "core.commit_hooks.once_after_commit",
        lambda key, callback, using=None: callback(),
    )
