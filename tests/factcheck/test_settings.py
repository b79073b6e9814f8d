"""Configuration decides the mode; production refuses weak secrets and passes check --deploy."""

import os
import secrets
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    dropped = ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the latter: a browser-test switch
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "key",
    ["", "short-key", "a" * 60, "django-insecure-" + secrets.token_urlsafe(50)],
    ids=["missing", "short", "repetitive", "insecure-prefix"],
)
def test_production_refuses_a_missing_or_weak_secret_key(key, tmp_path):
    result = _manage(
        "check", FACTCHECK_DEPLOYMENT="production", SECRET_KEY=key, FACTCHECK_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "SECRET_KEY is missing or weak" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        FACTCHECK_DEPLOYMENT="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="factcheck.example.org",
        FACTCHECK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_uses_sqlite_and_the_filesystem_broker(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)"
    )
    environment = {"FACTCHECK_VAR_DIR": str(tmp_path), "DATABASE_URL": "", "REDIS_URL": ""}
    result = _manage("shell", "-c", code, **environment)
    assert result.stdout.split()[-2:] == ["django.db.backends.sqlite3", "filesystem://"]


def test_the_cache_never_shares_the_brokers_redis_database(tmp_path):
    code = "from django.conf import settings as s; print(s.CACHES['default']['LOCATION'])"
    result = _manage(
        "shell", "-c", code, REDIS_URL="redis://127.0.0.1:6379/4", FACTCHECK_VAR_DIR=str(tmp_path)
    )
    assert result.stdout.split()[-1] == "redis://127.0.0.1:6379/5"
