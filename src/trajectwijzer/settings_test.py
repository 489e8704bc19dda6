"""Settings for the test suite: the production settings with test-only relaxations.

Tests run with DEBUG off (as production does) against DATABASE_URL (SQLite by
default, PostgreSQL in CI). Only what makes tests fast or hermetic changes here.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from .settings import *  # noqa: F403
from .settings import PASSWORD_HASHERS, STATIC_ROOT, STORAGES

# Argon2 stays first in settings.py (a test asserts it); tests hash with MD5 for speed
# unless they opt into the real hasher with the `real_password_hashing` fixture.
PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# Manifest storage needs collectstatic; tests render templates without it.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inside the test, at enqueue time (trajectwijzer/tasks.py picks the
# framework's module); tests of the worker switch to the database backend.
TASKS = {"default": {"BACKEND": "trajectwijzer.tasks.ImmediateBackend"}}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Live-server (browser) tests serve static files straight from the apps, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
