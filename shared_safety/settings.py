"""Settings for the Shared Safety Planner, read from the environment.

One module for every environment. With nothing set it runs as a development install on
SQLite with tasks run in-process; production sets DJANGO_DEBUG=0 and must then provide
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, or start-up fails.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from botocore.config import Config as BotoConfig
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before admin: the catalogue has English and Spanish text
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "csp",
    "axes",
    "principles",
    "stakeholders",
    "plans",
    "notifications",  # depends on plans and stakeholders; they announce events to it by name
    "progress",  # after-sign-off record; depends on plans and stakeholders, never imported by them
]

MIDDLEWARE = [
    "shared_safety.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "stakeholders.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shared_safety.urls"
WSGI_APPLICATION = "shared_safety.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "libraries": {"paging": "shared_safety.paging"},  # the links between pages
        },
    },
    # Plain text (email subjects and bodies): nothing is HTML-escaped. Only asked for by
    # name (stakeholders.emails.render_email); pages never use it.
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Database: SQLite unless DATABASE_URL names another (PostgreSQL through psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "stakeholders.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "stakeholders.backends.PasswordBackend",  # ModelBackend, refusing the demo password
]
LOGIN_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for a day

# Throttle guessing: 5 failures lock that user name from that address for 15 minutes, so
# nobody can lock an official out from elsewhere on purpose.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind proxies every request comes from the nearest one's address: shared_safety.client
# finds the client's in X-Forwarded-For. The sign-in throttle and the password-reset limit
# both use it. 0 (no proxy) ignores the header, which any client can write.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
# The header is believed only from these addresses (the proxies' own networks): a client that
# reaches the app directly cannot write its own address in it. Private and loopback
# networks by default, where a proxy or a container network sits.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES") or [
    "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
AXES_CLIENT_IP_CALLABLE = "shared_safety.client.client_ip"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# Languages: English and Spanish; the choice is kept in a cookie by Django's set_language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)  # Spanish text not written yet shows English
USE_I18N = True
FORMAT_MODULE_PATH = ["shared_safety.formats"]  # Spanish numbers as in the Americas
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/Los_Angeles")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Stored files (the PDFs): in S3-compatible object storage when DJANGO_STORAGE_BUCKET names
# a bucket, so that every web server and worker reads what any of them wrote; else in
# MEDIA_ROOT (one host, or a folder they all mount). The credentials are read from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (django-storages).
STORAGE_BUCKET = os.environ.get("DJANGO_STORAGE_BUCKET", "")
OBJECT_STORAGE = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": STORAGE_BUCKET,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,  # None: AWS itself
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "default_acl": None,  # private: downloads go through the app, which checks the digest
        "file_overwrite": True,  # an export rendered again replaces its own file
        # A storage that does not answer fails a request in seconds, not minutes.
        "client_config": BotoConfig(connect_timeout=3, read_timeout=30,
                                    retries={"max_attempts": 3, "mode": "standard"},
                                    signature_version="s3v4"),
    },
}
STORAGES = {
    "default": (OBJECT_STORAGE if STORAGE_BUCKET
                else {"BACKEND": "django.core.files.storage.FileSystemStorage"}),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Every list shows this many items a page (shared_safety.paging), whatever its length.
PAGE_SIZE = 25

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Redis, when set, is the task queue's broker and holds the rate limits' counters.
REDIS_URL = os.environ.get("REDIS_URL", "")

# Rendered page fragments and whole pages (plans/fragments.py). With a Redis (CACHE_URL, else
# the broker's REDIS_URL) every web process shares them: a page rendered by one server is
# served by the others. Every key expires (shared_safety.cache), so that a Redis shared with
# the task queue and run with `maxmemory-policy volatile-lru` evicts cache keys only, never a
# queued task; an unreachable Redis reads as a miss. Without Redis each process keeps its
# own in memory: a large plan's fragment is about 200 KB, so 200 entries keep a worker under
# 40 MB; pages (mostly 10 to 80 KB) are apart, so that they never push the fragments out.
CACHE_URL = os.environ.get("CACHE_URL", "") or REDIS_URL
CACHE_TIMEOUT = int(os.environ.get("DJANGO_CACHE_TIMEOUT", str(15 * 60)))


def page_cache(name, max_entries):
    if CACHE_URL:
        return {
            "BACKEND": "shared_safety.cache.ExpiringRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": name,
            "TIMEOUT": CACHE_TIMEOUT,
            # A Redis that stops answering costs a page at most this long, then reads as a miss.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name,
            "TIMEOUT": CACHE_TIMEOUT, "OPTIONS": {"MAX_ENTRIES": max_entries}}


CACHES = {
    "default": page_cache("fragments", 200),
    "pages": page_cache("pages", 300),
    # Counters of the rate limits (below), apart so that no page pushes them out. Every
    # process must share them: Redis when there is one (each key expires with its hour);
    # without Redis (development) each process counts for itself.
    "ratelimit": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ratelimit",
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
    ),
}

# Rate limits (django-ratelimit's is_ratelimited, e.g. on password-reset requests), counted
# per client address as the sign-in throttle finds it. The package is not an installed app:
# as such it only adds a system check that does not know Django's own RedisCache (atomic
# and shared) and calls it unsupported (jsocol/django-ratelimit#283).
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "shared_safety.client.client_ip"

# Tasks: a real Celery worker through Redis when REDIS_URL is set, otherwise in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message not acknowledged this long after delivery (its worker was lost) goes to another
# worker. Exports take well under a minute, so ten minutes recovers them without running a
# slow one twice; no task is scheduled further ahead than this.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600")),
    # How often a worker looks for such lost tasks (a cheap sorted-set query).
    "unacked_restore_interval": int(os.environ.get("CELERY_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": 1,
}
EXPORT_MAX_RETRIES = int(os.environ.get("EXPORT_MAX_RETRIES", "3"))
# Celery beat (started beside the worker when REDIS_URL is set) sends the reminders that no
# action announces; each reaches a person once, however often it runs. Without Redis, run
# `python manage.py send_reminders` as often instead (e.g. hourly from cron).
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {"task": "notifications.send_reminders", "schedule": 60 * 60},
}
# Where beat remembers when it last ran each entry (gitignored).
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "celerybeat-schedule")
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]

# Email: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# The address in links of emails sent by the worker (it has no request to ask). In
# development it follows the port `make run` serves on; a live site must name it.
SITE_URL = os.environ.get("SITE_URL", "").strip()
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DJANGO_DEBUG is off: it is the address of the links "
            "in emails, e.g. https://planner.example.org.")
    SITE_URL = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Shared Safety Planner <noreply@localhost>"
)

# Security. The policy allows no inline script or style: every asset is vendored under static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
MAX_REQUEST_BYTES = 21 * 1024 * 1024  # a 20 MB PDF and its form
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads spool to a temporary file
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token travels in hx-headers
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # health checks come over plain HTTP from inside
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint's step-by-step lines feed the export's progress bar, not the log.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
