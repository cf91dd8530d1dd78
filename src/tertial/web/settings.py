"""One env-driven settings module.

SQLite under the user's data directory by default (zero set-up); PostgreSQL (production) when
TERTIAL_DATABASE_URL=postgres://... is set. Money is stored as integer øre, so both back-ends
hold amounts exactly (see docs/decisions.md).
"""

import os
from pathlib import Path

import dj_database_url
from platformdirs import user_data_dir

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("TERTIAL_DATA_DIR") or user_data_dir("tertial", appauthor=False))

DEBUG = _env_bool("TERTIAL_DEBUG", True)
SECRET_KEY = os.environ.get("TERTIAL_SECRET_KEY", "insecure-development-key-change-me-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("TERTIAL_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
if not DEBUG and SECRET_KEY.startswith("insecure-"):
    raise RuntimeError("Set TERTIAL_SECRET_KEY when TERTIAL_DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "tertial.web.accounts",
    "tertial.web.audit",
    "tertial.web.org",
    "tertial.web.budget",
    "tertial.web.decisions",
    "tertial.web.rounds",
    "tertial.web.content",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tertial.web.middleware.NorwegianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
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

EMAIL_BACKEND = os.environ.get("TERTIAL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("TERTIAL_FROM_EMAIL", "tertial@localhost")
