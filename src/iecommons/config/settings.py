"""Settings for IE Commons, read only from environment variables.

Embedded default: SQLite in ``var/`` beside the checkout, jobs in the same database.
Production: set ``DATABASE_URL`` to a PostgreSQL URL, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
``SECURE_COOKIES=1`` (behind HTTPS). With ``DEBUG`` off the settings refuse to load without a
real ``SECRET_KEY`` and an explicit ``ALLOWED_HOSTS``; ``iecommons run`` supplies both for
the embedded default (see ``config/embedded.py``).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from iecommons.common.env import (
    env_bool,
    env_int,
    env_list,
    env_required_list,
    env_secret_key,
    env_str,
    env_url,
)
from iecommons.config.embedded import LOCAL_HOSTS, var_dir

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = var_dir()
# The embedded database and uploads live here; a fresh checkout has no such directory yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret_key("SECRET_KEY", debug=DEBUG)
ALLOWED_HOSTS = env_required_list(
    "ALLOWED_HOSTS",
    default=[*LOCAL_HOSTS, "testserver"] if DEBUG else None,
    example="iec.example.cn,www.iec.example.cn",
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

HOST = env_str("HOST", "127.0.0.1")
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
# Where people reach the platform: links in e-mails are absolute, since they are read
# outside any request.
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "iecommons.common.admin_site.IECommonsAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves Swagger UI for /api/docs from its own static files, not a CDN
    "django_tasks",
    # Before django_tasks_db: its db_worker command (which also sweeps lost jobs) wins.
    "iecommons.common",
    "django_tasks_db",
    "axes",
    "iecommons.accounts",
    "iecommons.registry",
    "iecommons.assessment",
    "iecommons.collaboration",
    "iecommons.projects",
    "iecommons.talent",
    "iecommons.policy",
    "iecommons.desk",
    "iecommons.oversight",
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
    "csp.middleware.CSPMiddleware",
    "iecommons.common.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the refusal page or JSON answer.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp 4): everything from the platform itself, no inline
# script (behaviour lives in static files; htmx runs without eval), and no inline style
# either: the templates carry no style attributes, htmx's indicator style is in app.css,
# and ECharts and Swagger UI style their elements through the DOM, which CSP allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTH_USER_MODEL = "accounts.User"
ROOT_URLCONF = "iecommons.config.urls"

# What the `serve` command (in common, below the apps) asks of the demo: whether the
# database is seeded already, and the demo accounts its greeting lists.
DEMO_IS_SEEDED = "iecommons.registry.demo.is_seeded"
DEMO_ACCOUNTS = (
    "iecommons.registry.demo.demo_accounts",
    "iecommons.talent.demo_accounts.demo_accounts",
)
WSGI_APPLICATION = "iecommons.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "iecommons.desk.navigation.navigation",
            ],
        },
    },
]

# Every form drawn with the UI kit: error summary, marked required fields, Tabler classes.
FORM_RENDERER = "iecommons.common.forms.KitFormRenderer"

_database_url = env_str("DATABASE_URL", "")
if _database_url:
    try:
        _database = dj_database_url.parse(_database_url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL: {error}") from None
    if _database["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured("DATABASE_URL: expected a postgres:// or sqlite:// URL")
else:
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "iecommons.sqlite3"),
    }
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database.setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    )
    _database["CONN_MAX_AGE"] = 0 if DEBUG else 600
_prepared = env_bool("PG_PREPARED_STATEMENTS", True)
if _database["ENGINE"] == "django.db.backends.postgresql" and _prepared:
    # Parameters bound by the server, and a statement run twice on a connection prepared:
    # PostgreSQL then plans the same few queries of every signed-in request (session, user,
    # roles, data version) once per connection instead of once per request, which took
    # about 1.1 of its 1.7 ms of CPU per community page. Off behind a pooler in
    # transaction mode (PgBouncer), which cannot carry prepared statements.
    _database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A job's worker beats its heartbeat every JOB_LEASE_SECONDS / 6; one silent for
# JOB_LEASE_SECONDS is taken as lost, and every worker looks for such jobs every
# JOB_SWEEP_SECONDS (common/jobs.py): a dead worker's job is retried or failed within
# their sum.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 60, minimum=6, maximum=24 * 3600)
JOB_SWEEP_SECONDS = env_int("JOB_SWEEP_SECONDS", 20, minimum=1, maximum=3600)
# Periodic jobs (common/schedule.py), in TIME_ZONE: each is enqueued once per period by
# whichever db_worker looks first. `iecommons manage schedule` lists them.
PERIODIC_JOBS = {
    "assessment.close_surveys": {
        "task": "iecommons.assessment.tasks.close_due_surveys",
        "every": "day",
        "at": "00:10",
    },
    "collaboration.escalate_bookings": {
        "task": "iecommons.collaboration.tasks.escalate_overdue_bookings",
        "every": "hour",
        "at": ":05",
    },
    "policy.lapse_programmes": {
        "task": "iecommons.policy.tasks.lapse_programmes",
        "every": "day",
        "at": "01:00",
    },
    "oversight.compute_dashboards": {
        "task": "iecommons.oversight.dashboards.tasks.compute_all_dashboards",
        "every": "day",
        "at": "02:30",
    },
    # Each person's daily (or Monday's weekly) digest; never twice a period (desk/services.py).
    "desk.send_digests": {
        "task": "iecommons.desk.tasks.send_digests",
        "every": "day",
        "at": "07:00",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "registry:community_list"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND",
            "iecommons.common.staticfiles.PlatformStaticStorage",
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# The key of anonymous survey tokens: generated once, never SECRET_KEY (common/platform_secrets).
SURVEY_SECRET_FILE = VAR_DIR / "secrets" / "survey_anonymity_key"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: the size limit of each use (common/uploads.py holds the types each accepts).
# Imports are small spreadsheets; a larger body is refused before it is read.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
RECTIFICATION_EVIDENCE_MAX_BYTES = env_int(
    "RECTIFICATION_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1024
)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000, minimum=1)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 30, minimum=8, maximum=16384)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 2000, minimum=200)
# Annual quality reports (oversight/reports/): an embedded narrative image and a narrative
# section at most this large; a supervisor's batch runs as this many jobs (one lease each),
# so that as many job workers share it.
REPORT_IMAGE_MAX_BYTES = env_int("REPORT_IMAGE_MAX_BYTES", 1024 * 1024, minimum=1024)
REPORT_IMAGE_MAX_PIXELS = env_int("REPORT_IMAGE_MAX_PIXELS", 4000, minimum=100)
REPORT_SECTION_MAX_CHARS = env_int("REPORT_SECTION_MAX_CHARS", 20000, minimum=1000)
REPORT_BATCH_JOBS = env_int("REPORT_BATCH_JOBS", 4, minimum=1, maximum=64)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IE Commons <noreply@localhost>")

# Behind HTTPS: cookies only over TLS, browsers told to keep to HTTPS (HSTS), plain HTTP
# redirected. The reverse proxy terminates TLS and must say so in X-Forwarded-Proto (and
# strip that header from what clients send), or every request would look like plain HTTP.
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_COOKIES)
SECURE_HSTS_SECONDS = env_int(
    "SECURE_HSTS_SECONDS", 365 * 24 * 3600 if SECURE_COOKIES else 0, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_COOKIES)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_COOKIES)
if env_bool("SECURE_PROXY_SSL_HEADER", SECURE_COOKIES):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz answers the load balancer over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Sign-in throttling (django-axes, attempts kept in the database): after LOGIN_FAILURE_LIMIT
# failures for one username, or from one address, further attempts are refused for
# LOGIN_LOCKOUT_MINUTES, the right password included; a success clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=1000)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=7 * 24 * 60)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "iecommons.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "iecommons.accounts.lockout.client_address"
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 trusts only the
# connection's own address (a client can write anything into that header).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=10)
AXES_VERBOSE = False
# Attempts are shown in the Django admin; their access log is not needed.
AXES_DISABLE_ACCESS_LOG = True

# Password reset links are valid for a day.
PASSWORD_RESET_TIMEOUT = 24 * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
