"""Django settings, read from environment variables.

Development defaults apply only when DEBUG is on; in production every secret and
host must come from the environment (see docs/deployment.md).
"""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("TRAJECTWIJZER_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("TRAJECTWIJZER_VAR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)


def command_line_allows_an_ephemeral_secret_key() -> bool:
    """Whether ``trajectwijzer`` (cli.py) runs a command that signs nothing lasting.

    Asked of the running process only (never of an environment variable that a web
    server could inherit): the command line sets the flag before it sets Django up.
    """
    cli = sys.modules.get("trajectwijzer.cli")
    return bool(getattr(cli, "ephemeral_secret_key_allowed", False))


# SECRET_KEY signs sessions, password-reset links and CSRF tokens. The web server
# refuses to start without one (unless DEBUG). The command line's domain commands sign
# nothing that outlives them, so without SECRET_KEY they run with a random key made
# for the one process (SECRET_KEY_IS_EPHEMERAL); the commands that need a lasting key
# (a server, the task worker) refuse instead (cli.py: require_lasting_secret_key).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
SECRET_KEY_IS_EPHEMERAL = False
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
    elif command_line_allows_an_ephemeral_secret_key():
        SECRET_KEY = secrets.token_urlsafe(50)
        SECRET_KEY_IS_EPHEMERAL = True
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Background tasks in the database (trajectwijzer/tasks.py); on Django 5.2 the
    # django-tasks backport is an app of its own.
    *([] if find_spec("django.tasks") else ["django_tasks"]),
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from our static files instead of a CDN
    "trajectwijzer.web",
    "trajectwijzer.accounts",
    "trajectwijzer.catalogue",
    "trajectwijzer.incentives",
    "trajectwijzer.trajectories",
    "trajectwijzer.recognition",
    "trajectwijzer.caseload",
    "trajectwijzer.barometer",
    "trajectwijzer.competences",
    "trajectwijzer.development",
    "trajectwijzer.instruments",
    "trajectwijzer.privacy",
    "trajectwijzer.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the session middleware, so that it sees the session cookie a response sets.
    "trajectwijzer.web.middleware.NoStoreForPersonalDataMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "trajectwijzer.urls"
WSGI_APPLICATION = "trajectwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "trajectwijzer.web.context_processors.navigation",
            ],
            # {% colon %} everywhere: French puts a no-break space before a colon.
            "builtins": ["trajectwijzer.web.templatetags.typography"],
        },
    }
]

# The embedded default: the file `make demo` serves and the command line uses.
DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'trajectwijzer.sqlite3'}"


def _database_from_url() -> dict:
    """DATABASES["default"] from DATABASE_URL; a malformed URL is a configuration error
    naming the variable (the CLI prints it as one line with exit code 2)."""
    from django.core.exceptions import ImproperlyConfigured

    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    conn_max_age = os.environ.get("DATABASE_CONN_MAX_AGE", "60")
    if not conn_max_age.isdigit():
        raise ImproperlyConfigured(
            f"DATABASE_CONN_MAX_AGE must be a whole number of seconds, not {conn_max_age!r}"
        )
    try:
        return dj_database_url.parse(url, conn_max_age=int(conn_max_age))
    except (ValueError, dj_database_url.UnknownSchemeError) as error:
        raise ImproperlyConfigured(
            "DATABASE_URL is not a database URL such as postgres://user:password@host/name "
            f"or sqlite:////path/to/file.sqlite3 ({error})"
        ) from None


DATABASES = {"default": _database_from_url()}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the demo server read while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if django.VERSION < (6, 0):
    # Django 5.2 (Python 3.11): URL fields assume https like Django 6 does.
    FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["trajectwijzer.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling with django-axes (docs/decisions/0005-login-throttling-with-django-axes.md).
# Five failures lock one (account, client address) pair for 15 minutes: the right
# password from another address still logs in. The client address is REMOTE_ADDR
# unless TRUSTED_PROXY_COUNT says how many proxies in front of us each append the
# address they were reached from to X-Forwarded-For (accounts/services.py: client_ip).
# API bearer tokens do not go through authenticate(), so axes never sees them.
INSTALLED_APPS = [*INSTALLED_APPS, "axes"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE = [*MIDDLEWARE, "axes.middleware.AxesMiddleware"]  # last: turns a lockout into 429
TRUSTED_PROXY_COUNT = os.environ.get("TRUSTED_PROXY_COUNT", "0").strip()
if not TRUSTED_PROXY_COUNT.isdigit():
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT must be a whole number of proxies (0 or more), "
        f"not {TRUSTED_PROXY_COUNT!r}."
    )
TRUSTED_PROXY_COUNT = int(TRUSTED_PROXY_COUNT)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # trying while locked does not extend it
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "trajectwijzer.accounts.services.login_username"
# Our own reading of X-Forwarded-For instead of ipware's (why: the decision above).
AXES_CLIENT_IP_CALLABLE = "trajectwijzer.accounts.services.client_ip"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)  # if the callable is ever removed
AXES_LOCKOUT_CALLABLE = "trajectwijzer.accounts.views.login_locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login: not needed, personal data

CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "trajectwijzer"),
    }
}

# Background tasks (e-mail, PDFs sent by e-mail): stored in the database and run by
# `manage.py db_worker` (docs/deployment.md); the web request only enqueues them.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # the shared layout's CSS and vendored htmx
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files (recognition evidence, development evidence) go through Django's storage
# API: local files under MEDIA_ROOT by default, an S3-compatible bucket in production
# when S3_BUCKET is set (install the `s3` extra: django-storages with boto3; credentials
# from the usual AWS_* variables). Files stay private: never a public URL, every download
# is a view that asks the policy (docs/deployment.md, "Uploaded files").
RECOGNITION_EVIDENCE_MAX_BYTES = int(
    os.environ.get("RECOGNITION_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024))
)
if os.environ.get("S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
# For the file-based backend (scripts/scale-out-check): one shared outbox folder.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Trajectwijzer <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Security: strict in production, relaxed only for local development.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind our own TLS-terminating proxy: trust its X-Forwarded-Proto. (Which client
# address to believe is TRUSTED_PROXY_COUNT's business, with login throttling above.)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp; Django 6's own CSP is not in 5.2, which Python
# 3.11 uses). Scripts and styles come only from our static files: no inline <script>,
# <style> or style="…", no eval (htmx is told so in base.html). Images may be data:
# URIs (Swagger UI's icons). The same policy covers pages, the API docs, the admin,
# error pages, PDFs and downloads (an uploaded file opened in the browser runs nothing).
# The API docs need no exception: django-ninja's Swagger UI page keeps its settings in
# a JSON data block and starts from a static script (ninja PR #695, 2023, before 1.4),
# and the Django admin has no inline scripts; tests walk every page without arguments
# (web/tests/test_security_headers.py), a browser test listens for refusals.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 20

# In development whitenoise serves files straight from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
