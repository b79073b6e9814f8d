"""Settings for both ways to run, chosen by environment variables only.

With nothing set: SQLite under ``var/`` and a Celery broker on the filesystem (no server needed).
``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` (or ``CELERY_BROKER_URL``) to Redis.
``FACTCHECK_DEPLOYMENT=production`` turns on the hardening that ``check --deploy`` asks for and
refuses to start without a strong ``SECRET_KEY``.
"""

import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FACTCHECK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_str("FACTCHECK_DEPLOYMENT", "local") == "production"
DEBUG = env_bool("DEBUG", False)

_INSECURE_KEY = "django-insecure-local-only-key-never-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _INSECURE_KEY)
if PRODUCTION and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or weak: production needs at least 50 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "annotations.web.csp.ContentSecurityPolicyMiddleware",
    # Innermost, so the pages it answers with pass through sessions, CSRF and the CSP on the way
    # out; it runs before any view or process_view reads the body.
    "annotations.api.middleware.RequestGuardMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'workbench.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # DRF and drf-spectacular import django.contrib.postgres, and with it the psycopg driver and
    # libpq (about 9 MB resident in each process), whenever psycopg is installed, as PostgreSQL
    # needs it.
    # Nothing talks to PostgreSQL here: the driver is marked missing, so their imports of it
    # fail as they would without it installed. A process already holding it keeps it.
    sys.modules.setdefault("psycopg", None)  # type: ignore[arg-type]  # None: "not installed"
    # WAL lets readers and one writer work side by side; IMMEDIATE transactions take the write
    # lock up front, so concurrent writers queue on the busy timeout instead of failing with
    # "database is locked" when a read transaction tries to upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600)
    # A commit that finds the write-ahead log past this many pages copies it into the database
    # and syncs the file, inside someone's save. ``manage.py serve`` checkpoints every
    # FACTCHECK_SQLITE_CHECKPOINT_EVERY seconds from a thread of the worker instead, so a
    # save does so only when nothing else has (SQLite's default is 1,000 pages, 4 MB).
    FACTCHECK_SQLITE_AUTOCHECKPOINT = env_int("FACTCHECK_SQLITE_AUTOCHECKPOINT", 10_000)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; "
            f"PRAGMA wal_autocheckpoint={FACTCHECK_SQLITE_AUTOCHECKPOINT};"
        ),
    }
    # A file, not memory, so a worker process sees what the tests write.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-workbench.sqlite3")}
else:
    DATABASES["default"]["OPTIONS"] = {"connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5)}
# How often `manage.py serve` copies SQLite's write-ahead log into the database, from a thread
# of its own (factcheck/backends/sqlite3/checkpoint.py); 0: only the saves do, past the
# threshold above.
FACTCHECK_SQLITE_CHECKPOINT_EVERY = env_float("FACTCHECK_SQLITE_CHECKPOINT_EVERY", 1.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache (rate limits, short-lived data) ------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")


def _next_redis_db(url: str) -> str:
    """The same Redis server, the next database: clearing the cache (FLUSHDB) must never empty
    the broker's queues."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(db + 1) % 16}"))


CACHE_URL = env_str("CACHE_URL", _next_redis_db(REDIS_URL) if REDIS_URL else "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL) or "filesystem://"
BROKER_DIR = VAR_DIR / "broker"
# The sentence encoder's weights as memory-mapped files, written on first use (see pretag/encoder).
ENCODER_CACHE_DIR = Path(env_str("FACTCHECK_ENCODER_CACHE", str(VAR_DIR / "models")))
# Check-worthiness versions trained on the desk's outcomes (the shipped weights stay untouched);
# the pre-tagger uses the one its current.json names, else the shipped weights.
FACTCHECK_WEIGHTS_DIR = Path(env_str("FACTCHECK_WEIGHTS_DIR", str(VAR_DIR / "weights")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "visibility_timeout": 3600,
    }
# Bounded: a dead broker costs a request at most a couple of seconds, never a hang. A message
# that cannot be published stays a queued Job row, which the sweeper sends again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "sweep-jobs": {
        "task": "annotations.tasks.sweep_jobs",
        "schedule": env_float("FACTCHECK_SWEEP_EVERY", 10.0),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- jobs -----------------------------------------------------------------------------------------
# A queued job not picked up within REDISPATCH_AFTER seconds is sent again; a running job whose
# heartbeat is older than STALE_AFTER seconds is taken as lost with its worker.
FACTCHECK_JOB_REDISPATCH_AFTER = env_float("FACTCHECK_JOB_REDISPATCH_AFTER", 30.0)
FACTCHECK_JOB_STALE_AFTER = env_float("FACTCHECK_JOB_STALE_AFTER", 120.0)
FACTCHECK_JOB_MAX_ATTEMPTS = env_int("FACTCHECK_JOB_MAX_ATTEMPTS", 3)
# Niceness of the threads that run jobs (0: as the web server), so saves and page reads keep their
# latency while a pre-tag or link-check job runs on the same cores.
FACTCHECK_JOB_NICENESS = env_int("FACTCHECK_JOB_NICENESS", 10)
# Every worker refreshes a heartbeat in the cache; /healthz calls the workers down when the latest
# beat is older than WORKER_STALE_AFTER seconds (they beat four times within that window).
FACTCHECK_WORKER_STALE_AFTER = env_float("FACTCHECK_WORKER_STALE_AFTER", 60.0)

# --- fetching from the web (services/fetcher) ---------------------------------------------------
FACTCHECK_FETCH_PORTS = [int(port) for port in env_list("FACTCHECK_FETCH_PORTS", ["80", "443"])]
# Test-only: host:port pairs that skip the fetcher's public-address and port rules.
FACTCHECK_LINKCHECK_ALLOW = env_list("FACTCHECK_LINKCHECK_ALLOW", [])
if PRODUCTION and FACTCHECK_LINKCHECK_ALLOW:
    raise ImproperlyConfigured(
        "FACTCHECK_LINKCHECK_ALLOW is for tests only: production refuses to fetch from the "
        "addresses it names. Unset it."
    )
# Link checks (services/link_checks): re-checked once older than MAX_AGE_DAYS (looked for every
# SWEEP_EVERY seconds), at most one fetch per host every HOST_INTERVAL seconds, on their own queue.
FACTCHECK_LINKCHECK_MAX_AGE_DAYS = env_float("FACTCHECK_LINKCHECK_MAX_AGE_DAYS", 7.0)
FACTCHECK_LINKCHECK_SWEEP_EVERY = env_float("FACTCHECK_LINKCHECK_SWEEP_EVERY", 300.0)
FACTCHECK_LINKCHECK_HOST_INTERVAL = env_float("FACTCHECK_LINKCHECK_HOST_INTERVAL", 1.0)

# Webhooks (services/webhooks): a delivery waits TIMEOUT seconds for its receiver; a 5xx, a timeout
# or a refused connection is tried again after BACKOFF_BASE * 2**(attempt-1) seconds (+ up to 25 %
# jitter, at most BACKOFF_MAX), up to MAX_ATTEMPTS in all; an endpoint whose last DISABLE_AFTER
# deliveries all failed is switched off. Deliveries still pending GRACE seconds after they were
# due (their message was lost) are sent again by the job sweeper.
# Where the workbench is reached from outside: the start of the API links in webhook events.
FACTCHECK_PUBLIC_URL = env_str("FACTCHECK_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
FACTCHECK_WEBHOOK_TIMEOUT = env_float("FACTCHECK_WEBHOOK_TIMEOUT", 5.0)
FACTCHECK_WEBHOOK_BACKOFF_BASE = env_float("FACTCHECK_WEBHOOK_BACKOFF_BASE", 30.0)
FACTCHECK_WEBHOOK_BACKOFF_MAX = env_float("FACTCHECK_WEBHOOK_BACKOFF_MAX", 3600.0)
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 6)
FACTCHECK_WEBHOOK_DISABLE_AFTER = env_int("FACTCHECK_WEBHOOK_DISABLE_AFTER", 5)
FACTCHECK_WEBHOOK_GRACE = env_float("FACTCHECK_WEBHOOK_GRACE", 60.0)
# Seconds a webhook job goes on posting the newsroom's other due deliveries (0: only its own).
FACTCHECK_WEBHOOK_DRAIN = env_float("FACTCHECK_WEBHOOK_DRAIN", 2.0)
# Seconds a newsroom's match job waits after the first verdict that queues it, so the saves of
# a busy desk ride on one job instead of keeping the worker (and the database) matching back
# to back; a verdict is matchable against older articles this much later (0: at once).
FACTCHECK_MATCH_DELAY = env_float("FACTCHECK_MATCH_DELAY", 2.0)

# --- limits (the README's "Limits" table lists each) --------------------------------------------
FACTCHECK_MAX_TEXT_BYTES = env_int("FACTCHECK_MAX_TEXT_BYTES", 2 * 1024 * 1024)
FACTCHECK_MAX_UPLOAD_BYTES = env_int("FACTCHECK_MAX_UPLOAD_BYTES", 4 * 1024 * 1024)
FACTCHECK_MAX_SENTENCES = env_int("FACTCHECK_MAX_SENTENCES", 5_000)
FACTCHECK_MAX_SENTENCE_CHARS = env_int("FACTCHECK_MAX_SENTENCE_CHARS", 10_000)
FACTCHECK_MAX_EVIDENCE = env_int("FACTCHECK_MAX_EVIDENCE", 50)
FACTCHECK_MAX_RATIONALE_CHARS = env_int("FACTCHECK_MAX_RATIONALE_CHARS", 20_000)
FACTCHECK_MAX_COMMENT_CHARS = env_int("FACTCHECK_MAX_COMMENT_CHARS", 5_000)
# How long after writing it a comment may still be edited by its author.
FACTCHECK_COMMENT_EDIT_SECONDS = env_int("FACTCHECK_COMMENT_EDIT_SECONDS", 300)
# Request bodies, checked against Content-Length before anything reads them: one that carries an
# article (the import and new-version forms, their API endpoints) may hold a file; any other
# request is a form or a verdict. Django's own caps sit at the larger one as a backstop, so its
# bare "Bad Request" never answers first.
FACTCHECK_MAX_ARTICLE_BODY_BYTES = env_int(
    "FACTCHECK_MAX_ARTICLE_BODY_BYTES", FACTCHECK_MAX_UPLOAD_BYTES + 512 * 1024
)
FACTCHECK_MAX_BODY_BYTES = env_int(
    "FACTCHECK_MAX_BODY_BYTES", FACTCHECK_MAX_TEXT_BYTES + 512 * 1024
)
# A refused body up to this size is read and dropped, so the browser gets to show our page.
FACTCHECK_MAX_DRAIN_BYTES = env_int("FACTCHECK_MAX_DRAIN_BYTES", 64 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(FACTCHECK_MAX_ARTICLE_BODY_BYTES, FACTCHECK_MAX_BODY_BYTES)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- auth ---------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed log-ins per (account, address) and per address alone, within a window (see
# services/login_throttle).
FACTCHECK_LOGIN_WINDOW_SECONDS = env_int("FACTCHECK_LOGIN_WINDOW_SECONDS", 15 * 60)
FACTCHECK_LOGIN_MAX_FAILURES = env_int("FACTCHECK_LOGIN_MAX_FAILURES", 10)
FACTCHECK_LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("FACTCHECK_LOGIN_MAX_FAILURES_PER_ADDRESS", 50)
CSRF_FAILURE_VIEW = "annotations.web.errors.csrf_failure"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "web:login"

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "annotations.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "EXCEPTION_HANDLER": "annotations.api.errors.exception_handler",
    "DEFAULT_METADATA_CLASS": "annotations.api.metadata.Metadata",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check annotation workbench API",
    "DESCRIPTION": "Articles, sentences, verdicts with evidence, review status and jobs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files: nothing loads from a CDN, and its start-up script is
    # a separate file, so the Content-Security-Policy needs no inline scripts.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "ExcerptMatchEnum": "annotations.models.ExcerptMatch",
        "SourceTypeEnum": "annotations.models.SourceType",
        "CorrectedFieldEnum": "annotations.models.CorrectedField",
        "CorrectableKindEnum": "annotations.api.correction_views.KINDS",
    },
    # The services' rules (characters, lengths, URL shape, ids >= 1) written into the schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "annotations.api.schema.describe_accepted_input",
    ],
}

# --- i18n and static files ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
if PRODUCTION:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG

# --- hardening ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The filesystem broker has no host name, which kombu warns about on every publish.
        "kombu.connection": {"level": "ERROR"},
    },
}
