"""Configuration comes from the environment and is safe for production."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "trajectwijzer.settings",
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-with-enough-entropy-9f8e7d6c5b4a3f2e1d0c9b8a7",
    "ALLOWED_HOSTS": "trajectwijzer.example.be",
    "DATABASE_URL": "sqlite:////tmp/trajectwijzer-check-deploy.sqlite3",
}


TEST_ONLY_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_django(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Start from the machine's environment without anything the test settings set.
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k not in TEST_ONLY_VARIABLES and not k.startswith("SECURE_")
    }
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_variables():
    result = run_django("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_settings_refuse_to_start_without_secret_key_unless_debug():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_django("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_argon2_is_the_production_password_hasher():
    assert settings.PRODUCTION_PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_database_url_selects_the_database():
    result = run_django(
        "shell",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        **{**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"},
    )
    assert result.stdout.strip().splitlines()[-1] == "sqlite"


def test_a_malformed_database_url_is_one_line_from_the_command_line_not_a_traceback():
    clean_env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    cli = os.path.join(os.path.dirname(sys.executable), "trajectwijzer")
    for variable, value, message in [
        ("DATABASE_URL", "nonsense", "DATABASE_URL is not a database URL"),
        ("DATABASE_CONN_MAX_AGE", "soon", "DATABASE_CONN_MAX_AGE must be a whole number"),
    ]:
        result = subprocess.run(
            [cli, "instruments", "list"],
            env={**clean_env, variable: value},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_uploaded_files_go_to_a_private_s3_bucket_when_one_is_configured():
    show = "from django.conf import settings; print(settings.STORAGES['default'])"
    local = run_django("shell", "-c", show, **PRODUCTION_ENV)
    assert "FileSystemStorage" in local.stdout, local.stderr
    bucket = run_django(
        "shell",
        "-c",
        show,
        **{**PRODUCTION_ENV, "S3_BUCKET": "evidence", "S3_ENDPOINT_URL": "https://s3.example.be"},
    )
    assert "storages.backends.s3.S3Storage" in bucket.stdout, bucket.stderr
    assert "'bucket_name': 'evidence'" in bucket.stdout
    assert "'default_acl': 'private'" in bucket.stdout
    assert "'endpoint_url': 'https://s3.example.be'" in bucket.stdout
