"""Settings of the INTS portal, driven by environment variables (see README.md)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accounts.paths import MY_CONTRIBUTIONS_PATH
from core.client_ip import parse_trusted_proxies
from core.storage import s3_storage
from ints_portal.env import envbool, envgroup, envint, envlist
from ints_portal.schedules import beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("INTS_VAR_DIR", BASE_DIR / "var"))

DEBUG = envbool("DJANGO_DEBUG", False)

_DEV_SECRET = "insecure-dev-only-key-never-use-in-production-4f1c2a9e"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off (production)."
        )
    SECRET_KEY = _DEV_SECRET
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("insecure")):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak for production (50+ characters).")

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

# The one public address of the portal: every absolute URL (emails, feeds, sitemap, OAI,
# iCalendar, JSON-LD) is built from it by core.site_url, never from the Host header.
SITE_URL = os.environ.get("INTS_SITE_URL", "").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "INTS_SITE_URL is required when DJANGO_DEBUG is off (e.g. https://ints.gouv.fr)."
        )
    SITE_URL = "http://127.0.0.1:8000"
elif not DEBUG and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(f"INTS_SITE_URL must start with https:// in production: {SITE_URL}")

# Reverse proxies whose X-Forwarded-For we believe (addresses or CIDR ranges, comma-separated);
# the client is the right-most address not in this list (core/client_ip.py).
INTS_TRUSTED_PROXIES = tuple(envlist("INTS_TRUSTED_PROXIES"))
try:
    parse_trusted_proxies(INTS_TRUSTED_PROXIES)
except ValueError as exc:
    raise ImproperlyConfigured(f"INTS_TRUSTED_PROXIES: {exc}") from exc

INSTALLED_APPS = [
    "ints_portal.apps.IntsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "dsfr",
    "reversion",
    "reversion_compare",
    # Floors, from the ground up (imports go downwards only: tests/portal/test_layers.py).
    "core",
    "accounts",
    "editorial",
    "applications",
    "resources",
    "research",
    "hautes_etudes",
    "ints_portal",
]

MIDDLEWARE = [
    # Outermost: compresses the final HTML (with Django's BREACH mitigation: random padding).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ints_portal.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSP (hits get a fresh nonce), outside sessions/CSRF (only cookie-free visitors).
    "core.page_cache.AnonymousPageCacheMiddleware",
    # Inside the page cache: a costly action refused while Redis is down is a 503 (not stored).
    "core.shared_cache.CacheUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After OTP: unverified two-factor staff are anonymous outside the back-office, and staff
    # sessions end after STAFF_SESSION_IDLE_SECONDS idle or STAFF_SESSION_MAX_SECONDS in all.
    "core.two_factor.TwoFactorOutsideAdminMiddleware",
    "ints_portal.middleware.StaffSessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ints_portal.urls"
WSGI_APPLICATION = "ints_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ints_portal.context_processors.site",
                "resources.feeds.feed_links",
            ],
            # French typography (`date_fr`, `accord`, `typographie`) in every template and email
            # without a `{% load %}`: Django's `date` must not be reached for by habit.
            "builtins": ["core.templatetags.typo"],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL, or an embedded SQLite file for the laptop demo.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        timeout_ms = envint("INTS_STATEMENT_TIMEOUT_MS", 30_000)
        DATABASES["default"]["OPTIONS"] = {"options": f"-c statement_timeout={timeout_ms}"}
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "ints.sqlite3",
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True

# A PostgreSQL streaming replica for the read-only views (search, lists): core/replica.py
# sends their reads there while it is reachable, less than INTS_REPLICA_MAX_LAG seconds behind
# and past the last catalogue change; everything else stays on the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs a PostgreSQL DATABASE_URL.")
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    if DATABASES["replica"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL.")
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"]["OPTIONS"],
        # Only the search and list views read there, outside the request's transaction, where
        # resources.search.prefer_index_scans() cannot SET LOCAL: index scans for the session.
        "options": DATABASES["default"]["OPTIONS"]["options"] + " -c enable_seqscan=off",
        # A replica that does not answer costs a request this long, then is left for 10 s.
        "connect_timeout": envint("INTS_REPLICA_CONNECT_TIMEOUT", 2),
    }
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
INTS_REPLICA_MAX_LAG = envint("INTS_REPLICA_MAX_LAG", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that acts as an empty one while Redis does not answer
            # (core/shared_cache.py): pages come from the database meanwhile.
            "BACKEND": "core.shared_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ints",
            # A Redis that hangs costs one request this long, then is left alone a moment.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
# French only until a translation exists: offering English would make Django follow browsers'
# Accept-Language and print dates in English on French pages.
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (uploads, generated CSV and PDF) are private: they live outside any public path
# and are served by views that check who may read them (core/storage.py). There is
# deliberately no MEDIA_URL route. With the four AWS_* variables (django-storages' names) they
# go to a private S3-compatible bucket that every instance shares; else to this host's disk.
AWS_S3 = envgroup(
    "AWS_S3_ENDPOINT_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"
)
if AWS_S3:
    DEFAULT_STORAGE = s3_storage(
        endpoint_url=AWS_S3["AWS_S3_ENDPOINT_URL"],
        bucket_name=AWS_S3["AWS_STORAGE_BUCKET_NAME"],
        access_key=AWS_S3["AWS_ACCESS_KEY_ID"],
        secret_key=AWS_S3["AWS_SECRET_ACCESS_KEY"],
        region_name=os.environ.get("AWS_S3_REGION_NAME", "") or "us-east-1",
    )
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("INTS_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")),
            "base_url": None,
        },
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# whitenoise rewrites DSFR's CSS, which would break its Subresource-Integrity hashes.
DSFR_USE_INTEGRITY_CHECKSUMS = False

MAX_UPLOAD_SIZE = envint("INTS_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: production-grade unless DEBUG. TLS ends at the reverse proxy, which sets
# X-Forwarded-Proto; we trust that header only because the proxy always overwrites it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "ints_portal.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Contributors sign in on the portal's own page (ProConnect or an emailed link: accounts/);
# staff keep the back-office's login (password, axes, two factors), which never opens to them.
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = MY_CONTRIBUTIONS_PATH
LOGOUT_REDIRECT_URL = "home"

# Staff accounts: lock-out after repeated failures (django-axes, counted in the database so it
# holds across instances) and TOTP two-factor for every member of staff.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Contributors through ProConnect; it answers only the OpenID Connect callback.
    "accounts.oidc.ProConnectBackend",
]

# ProConnect (OpenID Connect, mozilla-django-oidc): the three together or none; the endpoints
# and signing algorithms come from the discovery document (accounts/oidc.py).
INTS_OIDC = envgroup("INTS_OIDC_DISCOVERY_URL", "INTS_OIDC_CLIENT_ID", "INTS_OIDC_CLIENT_SECRET")
INTS_OIDC_DISCOVERY_URL = INTS_OIDC.get("INTS_OIDC_DISCOVERY_URL", "")
OIDC_RP_CLIENT_ID = INTS_OIDC.get("INTS_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = INTS_OIDC.get("INTS_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = "openid email given_name usual_name siret"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of ProConnect's logout
OIDC_TIMEOUT = envint("INTS_OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_OP_LOGOUT_URL_METHOD = "accounts.oidc.provider_logout_url"
if INTS_OIDC_DISCOVERY_URL:
    # Signing out is a POST here that redirects to ProConnect's end_session_endpoint (on the
    # discovery document's host): the browser applies form-action to that redirect.
    _oidc_host = urlsplit(INTS_OIDC_DISCOVERY_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_oidc_host.scheme}://{_oidc_host.netloc}"
    )
# Emailed sign-in links: at most this many requests per client address per hour.
INTS_SIGN_IN_LINK_RATE_LIMIT = envint("INTS_SIGN_IN_LINK_RATE_LIMIT", 5)
AXES_FAILURE_LIMIT = envint("INTS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The visitor behind our proxies, not the proxy: one lock-out per person, not one for everybody.
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "INTS back-office"
# Staff sessions (pretix's bounds): closed after 3 h without a request and 12 h after login.
STAFF_SESSION_IDLE_SECONDS = envint("INTS_STAFF_SESSION_IDLE_SECONDS", 3 * 3600)
STAFF_SESSION_MAX_SECONDS = envint("INTS_STAFF_SESSION_MAX_SECONDS", 12 * 3600)

# Whole pages for anonymous, cookie-free visitors (core/page_cache.py); 0 disables.
INTS_PAGE_CACHE_SECONDS = envint("INTS_PAGE_CACHE_SECONDS", 60)
# Each web process loads the facet bitmaps of every new catalogue version in a thread of its
# own, announced on Redis (resources/search/preload.py); false leaves it to the first request.
INTS_SEARCH_PRELOAD = envbool("INTS_SEARCH_PRELOAD", True)

# Starting an application (both pillars): at most this many per client address per hour.
INTS_APPLICATION_RATE_LIMIT = (envint("INTS_APPLICATION_RATE_LIMIT", 10), 3600)

# Personal data of applications (both pillars), in days after the last status change; drafts
# never submitted count from their last edit. `manage.py purge_personal_data` applies it daily.
INTS_RETENTION_DAYS = {
    "draft": envint("INTS_RETENTION_DRAFT_DAYS", 180),
    "rejected": envint("INTS_RETENTION_REJECTED_DAYS", 365),
    "withdrawn": envint("INTS_RETENTION_REJECTED_DAYS", 365),
    "accepted": envint("INTS_RETENTION_ACCEPTED_DAYS", 5 * 365),
    "funded": envint("INTS_RETENTION_FUNDED_DAYS", 10 * 365),  # calls: funded projects
    "default": envint("INTS_RETENTION_DEFAULT_DAYS", 2 * 365),
}

# Contributors' accounts without any contribution, in days after their last sign-in
# (accounts/privacy.py); emailed sign-in links go a day after they expire.
INTS_CONTRIBUTOR_RETENTION_DAYS = envint("INTS_CONTRIBUTOR_RETENTION_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Log lines about a request carry the client's address behind the proxies, not the proxy's.
    "filters": {"client_ip": {"()": "ints_portal.middleware.ClientIPLogFilter"}},
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s [%(client_ip)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_ip"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
# For the file-based backend (tests of real servers read the applicant's link there).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_PORT = envint("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS", False)
# Only the outbox worker talks to the mail server, but it must not hang on a stuck one.
EMAIL_TIMEOUT = envint("DJANGO_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "INTS <ne-pas-repondre@ints.gouv.fr>"
)

TAGGIT_CASE_INSENSITIVE = True

# Search: number of results per page and the similarity threshold for "did you mean".
SEARCH_PAGE_SIZE = 20
SEARCH_SUGGESTION_THRESHOLD = 0.35

# Email outbox (core/models.py OutboxMessage): first retry after this many seconds,
# doubling up to an hour; marked failed after INTS_OUTBOX_MAX_ATTEMPTS.
INTS_OUTBOX_RETRY_SECONDS = envint("INTS_OUTBOX_RETRY_SECONDS", 60)
INTS_OUTBOX_MAX_BACKOFF_SECONDS = envint("INTS_OUTBOX_MAX_BACKOFF_SECONDS", 3600)
INTS_OUTBOX_MAX_ATTEMPTS = envint("INTS_OUTBOX_MAX_ATTEMPTS", 10)

# Celery (ints_portal/celery.py): the Redis broker the portal already uses. Without REDIS_URL
# (the `make run` demo), tasks run in the web process, after the commit that queued them.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# kombu's Redis transport, fixed for a Redis restart with messages in hand (core/broker.py).
CELERY_BROKER_TRANSPORT = "core.broker:Transport" if REDIS_URL else None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A broker that is down must not hold a request: the outbox row is safe, the sweep sends it.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
# The worker writes a heartbeat this often (beat); /sante/ alarms when it is 3 beats old.
INTS_HEARTBEAT_SECONDS = envint("INTS_HEARTBEAT_SECONDS", 60)
# Point-in-time recovery (docs/deploy.md, « Backups and restore »): with a pgBackRest stanza,
# beat runs a full backup weekly and a differential daily through this command line (which may
# name its --config, or go through sudo to the cluster's owner).
INTS_PGBACKREST_STANZA = os.environ.get("INTS_PGBACKREST_STANZA", "").strip()
INTS_PGBACKREST_COMMAND = os.environ.get("INTS_PGBACKREST_COMMAND", "").strip() or "pgbackrest"
CELERY_BEAT_SCHEDULE = beat_schedule(
    outbox_sweep_seconds=envint("INTS_OUTBOX_SWEEP_SECONDS", 30),
    heartbeat_seconds=INTS_HEARTBEAT_SECONDS,
    pgbackrest_stanza=INTS_PGBACKREST_STANZA,
)
