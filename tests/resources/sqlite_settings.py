"""The test settings on the SQLite demo database (test_relevance.py runs its set under both)."""

from ints_portal.test_settings import *  # noqa: F403  (the same settings, another database)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "ATOMIC_REQUESTS": True,
    }
}
