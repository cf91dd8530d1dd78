"""One env-driven settings module.

SQLite under the user's data directory by default (zero set-up); PostgreSQL (production) when
TERTIAL_DATABASE_URL=postgres://... is set. Money is stored as integer øre, so both back-ends
hold amounts exactly (see docs/decisions.md).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from platformdirs import user_data_dir

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("TERTIAL_DATA_DIR") or user_data_dir("tertial", appauthor=False))

DEBUG = _env_bool("TERTIAL_DEBUG", True)
SECRET_KEY = os.environ.get("TERTIAL_SECRET_KEY") or "insecure-development-key-change-me-in-production"
ALLOWED_HOSTS = [h for h in os.environ.get("TERTIAL_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
if not DEBUG and SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured(  # one sentence: the CLI prints it as its one line (exit 2), gunicorn as its error
        "TERTIAL_SECRET_KEY må være satt når TERTIAL_DEBUG er av (produksjon); "
        "lag en med: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "tertial.web.accounts",
    "tertial.web.audit",
    "tertial.web.org",
    "tertial.web.budget",
    "tertial.web.forecasting",
    "tertial.web.decisions",
    "tertial.web.rounds",
    "tertial.web.content",
    "tertial.web.appropriations",
    "tertial.web.proposals",
    "tertial.web.investments",
    "tertial.web.finance",
    "tertial.web.reports",
    "tertial.web.jobs",
    "tertial.web.uploads",
    "tertial.web.notifications",
]

MIDDLEWARE = [
    "tertial.web.logs.RequestIdMiddleware",
    "tertial.web.errors.DatabaseBusyMiddleware",  # «database is locked» → the 503 page, also with DEBUG
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tertial.web.middleware.NorwegianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "tertial.web.urls"
WSGI_APPLICATION = "tertial.web.wsgi.application"

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
                "tertial.web.navigation.main_menu",
                "tertial.web.footer.tertial_version",
                "tertial.web.notifications.context.notifications_bell",
                "tertial.web.org.theme.theme",
            ],
        },
    }
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'tertial.sqlite3'}"
if not os.environ.get("TERTIAL_DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("TERTIAL_DATABASE_URL") or _default_sqlite,
        conn_max_age=int(os.environ.get("TERTIAL_DB_CONN_MAX_AGE", "0")),
    )
}
if os.environ.get("TERTIAL_TEST_DB_NAME"):
    # The test database's name (dev/test sets one per run, e.g. test_tertial_alice_12345, so two runs
    # against one PostgreSQL server never share it; pytest-xdist appends _gw0, _gw1 …).
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TERTIAL_TEST_DB_NAME"]}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many readers and one writer at a time without «database is locked» (docs/deploy.md, "SQLite"):
    # WAL lets pages be read while a save or an import writes; every transaction takes the write lock
    # when it begins (IMMEDIATE), so a writer waits its turn in the busy timeout instead of failing
    # when it tries to upgrade a read; a write still waiting after the timeout gets the "busy" page
    # (HTTP 503, tertial.web.errors) or one line and exit 2 on the command line.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("TERTIAL_SQLITE_BUSY_SECONDS", "20")),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background jobs (docs/deploy.md, «Worker»; docs/decisions.md): django-tasks with its database
# backend; `tertial worker` runs them. TERTIAL_PERIODIC_TASKS lists (dotted path of a task, interval in
# seconds) that the worker's scheduler enqueues once per interval slot.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each periodic task is idempotent, so a restart or a second worker sends nothing twice.
TERTIAL_PERIODIC_TASKS: list[tuple[str, int]] = [
    ("tertial.web.notifications.tasks.send_due_reminders", 3600),
    ("tertial.web.notifications.tasks.notify_overdue_points", 3600),
    ("tertial.web.notifications.tasks.prune_follow_requests", 3600),
]
TERTIAL_WORKER_BEAT_SECONDS = float(os.environ.get("TERTIAL_WORKER_BEAT_SECONDS", "2"))
# A worker silent this long is gone: the pages say no worker runs, its running job is marked failed.
TERTIAL_WORKER_STALE_SECONDS = int(os.environ.get("TERTIAL_WORKER_STALE_SECONDS", "30"))
# Uploads of at least this size (and every general ledger) are imported by the worker as a job with
# progress; smaller files are imported in the request (a fraction of a second, errors on the form).
TERTIAL_UPLOAD_JOB_MIN_BYTES = int(os.environ.get("TERTIAL_UPLOAD_JOB_MIN_BYTES", str(2 * 1024 * 1024)))

# Rendered page fragments keyed by the data version (tertial.web.pagecache). Default: a local-memory
# cache per process (each gunicorn worker its own; correct, since the key is the data version).
# TERTIAL_CACHE_URL=redis://host:6379/0 (needs the redis package) or memcached://host:11211
# (needs pymemcache) shares one cache between workers.
_cache_url = os.environ.get("TERTIAL_CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
elif _cache_url.startswith("memcached://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": _cache_url.removeprefix("memcached://"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tertial",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("TERTIAL_PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): the throttling backend first, so a locked-out username+IP is refused
# before the password is even checked (docs/deploy.md, "Sikkerhet").
AUTHENTICATION_BACKENDS = [
    "tertial.web.security.ThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR.parent / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"

# --- E-mail (docs/deploy.md, «E-post»; docs/notifications.md). With TERTIAL_EMAIL_HOST set, mail goes
# through Django's SMTP backend; without it, every mail is written as a file to TERTIAL_EMAIL_FILE_DIR
# (default: the data dir's mail/, e.g. ./data/mail/ for `bash dev/demo`), so nothing is sent by accident.
# TERTIAL_EMAIL_BACKEND names another backend (e.g. django.core.mail.backends.console.EmailBackend).
EMAIL_HOST = os.environ.get("TERTIAL_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("TERTIAL_EMAIL_PORT", "587"))
EMAIL_USE_TLS = _env_bool("TERTIAL_EMAIL_USE_TLS", True)  # STARTTLS on port 587
EMAIL_USE_SSL = _env_bool("TERTIAL_EMAIL_USE_SSL", False)  # implicit TLS on port 465 (then USE_TLS=false)
EMAIL_HOST_USER = os.environ.get("TERTIAL_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TERTIAL_EMAIL_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("TERTIAL_EMAIL_TIMEOUT", "20"))
EMAIL_FILE_PATH = Path(os.environ.get("TERTIAL_EMAIL_FILE_DIR") or DATA_DIR / "mail")
EMAIL_BACKEND = os.environ.get("TERTIAL_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.filebased.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("TERTIAL_FROM_EMAIL", "tertial@localhost")
# The address of the site as users reach it: links in e-mails are absolute (https://tertial.kommune.no).
TERTIAL_BASE_URL = os.environ.get("TERTIAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Reminders and notifications (docs/notifications.md). Unit leaders who have not submitted are
# reminded TERTIAL_REMINDER_DAYS_BEFORE days before a round's deadline (0: not) and on the deadline;
# their sector leader TERTIAL_REMINDER_SECTOR_DAYS_AFTER days after it. A decision point's «ansvarlig»
# is free text, so overdue points are told to the users named in TERTIAL_DECISION_NOTIFY_USERS
# (usernames, comma-separated), or, when it is empty, to every finance user and admin.
TERTIAL_REMINDER_DAYS_BEFORE = int(os.environ.get("TERTIAL_REMINDER_DAYS_BEFORE", "3"))
TERTIAL_REMINDER_SECTOR_DAYS_AFTER = int(os.environ.get("TERTIAL_REMINDER_SECTOR_DAYS_AFTER", "1"))
TERTIAL_DECISION_NOTIFY_USERS = [
    n.strip() for n in os.environ.get("TERTIAL_DECISION_NOTIFY_USERS", "").split(",") if n.strip()
]
# The public «Følg» form mails a confirmation to any address; one client (IP address, see
# TERTIAL_CLIENT_IP_HEADER) may have it send at most this many an hour (0: no limit).
TERTIAL_FOLLOW_REQUESTS_PER_HOUR = int(os.environ.get("TERTIAL_FOLLOW_REQUESTS_PER_HOUR", "10"))

# --- Security. Production runs with TERTIAL_DEBUG=false behind a TLS-terminating proxy (docs/deploy.md);
# `tertial manage check --deploy` passes with no warnings there (tests/web/test_settings.py).
SESSION_COOKIE_AGE = int(os.environ.get("TERTIAL_SESSION_SECONDS", str(8 * 3600)))  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# A refused form (a missing or stale CSRF token): a Norwegian page in the layout, not Django's English one.
CSRF_FAILURE_VIEW = "tertial.web.errors.csrf_failure"

# Content Security Policy (django-csp 4): everything from our own origin, no inline script or style
# (HTMX is configured by <meta name="htmx-config"> and its indicator CSS is in tertial.css). The
# self-contained HTML report, which carries its own <style>, gets a per-view policy (reports/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling: after TERTIAL_LOGIN_FAILURE_LIMIT wrong passwords for one username from one IP
# address, that pair is locked out for TERTIAL_LOGIN_LOCKOUT_MINUTES; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("TERTIAL_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TERTIAL_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every command; logins, failures and lockouts are still logged
AXES_LOCKOUT_CALLABLE = "tertial.web.security.lockout_response"
# Behind the reverse proxy every request comes from the proxy's address: name the header the proxy
# sets to the client's address (nginx: `proxy_set_header X-Real-IP $remote_addr;`, docs/deploy.md).
TERTIAL_CLIENT_IP_HEADER = os.environ.get("TERTIAL_CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "tertial.web.security.client_ip"

# Uploads (the /import/ page): files are stored outside the web root under server-chosen names.
TERTIAL_REPORT_JOB_DIR = Path(os.environ.get("TERTIAL_REPORT_JOB_DIR") or DATA_DIR / "rapporter")  # «Lag PDF» jobs
TERTIAL_UPLOAD_DIR = Path(os.environ.get("TERTIAL_UPLOAD_DIR") or DATA_DIR / "uploads")
TERTIAL_UPLOAD_MAX_BYTES = int(os.environ.get("TERTIAL_UPLOAD_MAX_BYTES", str(200 * 1024 * 1024)))
# The municipality's profile for the decisions text import (TOML on top of the built-in default;
# docs/decisions-module.md). Empty: the default profile.
TERTIAL_DECISIONS_PROFILE = os.environ.get("TERTIAL_DECISIONS_PROFILE", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files (Django's default, stated)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads are streamed to a temporary file
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("TERTIAL_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("TERTIAL_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("TERTIAL_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("TERTIAL_HSTS_PRELOAD", True)

# --- Ledger import (docs/decisions.md, "Bulk-loading the ledger"): an import of at least this many
# balances that is also at least as large as what stays in the table drops the balance table's indexes
# and foreign key for the load and builds them again (one sorted build, one set-based check) in the
# same transaction; readers of balances and units wait for that transaction, about a second per
# 400 000 balances. Smaller imports insert under the constraints and block no reader.
TERTIAL_BULK_LOAD_MIN_BALANCES = int(os.environ.get("TERTIAL_BULK_LOAD_MIN_BALANCES", "100000"))

# --- Investments (docs/investments.md): a project's deviation is significant above this many kroner
# (in the year or against its frame) or above this percentage of its frame; "off" switches a rule off.
TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_KR = os.environ.get("TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_KR", "1000000")
TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_PERCENT = os.environ.get("TERTIAL_INVESTMENT_DEVIATION_THRESHOLD_PERCENT", "10")

# --- The explanation rule of the forecast form (docs/deploy.md): a unit's forecast that moved more than
# this many kroner, or more than this percentage of its budget, since the previous report (in the year's
# first report: away from the budget) needs a cause before it can be submitted; "off" switches a limit off.
TERTIAL_EXPLANATION_MIN_KR = os.environ.get("TERTIAL_EXPLANATION_MIN_KR", "500000")
TERTIAL_EXPLANATION_MIN_PERCENT = os.environ.get("TERTIAL_EXPLANATION_MIN_PERCENT", "1")

# --- Sick-leave privacy (docs/content.md): on council and public outputs a unit is shown only with at
# least this many person-years (årsverk) and people; smaller units are merged into their sector.
TERTIAL_SICKLEAVE_MIN_PERSON_YEARS = os.environ.get("TERTIAL_SICKLEAVE_MIN_PERSON_YEARS", "10")
TERTIAL_SICKLEAVE_MIN_PEOPLE = int(os.environ.get("TERTIAL_SICKLEAVE_MIN_PEOPLE", "5"))
# A municipality's own Word template (.dotx or .docx): the DOCX reports take its styles, header and footer.
TERTIAL_WORD_TEMPLATE = os.environ.get("TERTIAL_WORD_TEMPLATE", "")

# --- Logging: plain text for development, one JSON object per line (TERTIAL_LOG_FORMAT=json) for
# production log collectors; every record carries the request id (X-Request-ID, set or generated).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tertial.web.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "tertial.web.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("TERTIAL_LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("TERTIAL_LOG_LEVEL", "INFO")},
}

# --- OpenID Connect login (docs/deploy.md, "OpenID Connect"): on only when TERTIAL_OIDC_ISSUER,
# TERTIAL_OIDC_CLIENT_ID and TERTIAL_OIDC_CLIENT_SECRET are set; the endpoints come from the provider's
# discovery document, read here at start-up, unless given explicitly. Password login stays on beside it.
# Also adds its backend after AUTHENTICATION_BACKENDS and the provider to CSP form-action: keep this last.
from tertial.web.accounts.oidc_config import oidc_configure  # noqa: E402

oidc_configure(globals(), os.environ)
