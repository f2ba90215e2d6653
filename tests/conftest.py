from pathlib import Path

import pytest

# A real S3-compatible server (SeaweedFS) for the object-storage tests, started on first use.
from tests.support.seaweedfs import bucket_storage, seaweedfs  # noqa: F401

TESTS = Path(__file__).resolve().parent
# Whole directories that start real servers (Chromium, nginx, gunicorn, Celery, PostgreSQL
# clusters) or interrupt them: `slow`, left out of `make test-fast`. Single slow modules
# elsewhere carry `pytestmark = pytest.mark.slow` themselves.
SLOW_DIRECTORIES = ("browser", "deploy", "faults", "ops")
# Markers that imply `slow` wherever the test lives.
SLOW_MARKERS = ("browser", "faults")


def pytest_collection_modifyitems(config, items):
    slow = pytest.mark.slow
    for item in items:
        directory = Path(item.path).relative_to(TESTS).parts[0]
        if directory in SLOW_DIRECTORIES or any(item.get_closest_marker(m) for m in SLOW_MARKERS):
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


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
