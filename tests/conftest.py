import pytest

# A real S3-compatible server (SeaweedFS) for the object-storage tests, started on first use.
from tests.support.seaweedfs import bucket_storage, seaweedfs  # noqa: F401


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
