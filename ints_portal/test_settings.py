"""Settings for the test suite: production settings with a test secret and PostgreSQL."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ints")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-" + "x" * 60)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("INTS_SITE_URL", "https://127.0.0.1:8000")

from ints_portal.settings import *  # noqa: E402,F403  (test settings extend the real ones)
from ints_portal.settings import STORAGES, VAR_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Hashed static names need collectstatic; tests serve plain names (see TOOLCHAIN.md).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(VAR_DIR / "test-private"), "base_url": None},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Several suites may run at once on one server (developers, helpers, CI): one test DB per run.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}",  # noqa: F405
}

# A replica from the environment would get no test database: tests/ops/test_replica.py starts
# a real standby and adds the alias itself.
DATABASES.pop("replica", None)  # noqa: F405

# Tests change rows with queryset.update() between requests: the page cache has its own tests.
INTS_PAGE_CACHE_SECONDS = 0
