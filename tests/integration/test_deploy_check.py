"""Production settings: `manage.py check --deploy` is clean, and production refuses to start loose.

Each case runs manage.py in a subprocess with the environment an operator would give it, since
settings are read once at import.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
              "ALLOWED_HOSTS": "sanbao.example.cn", "SANBAO_TLS": "1"}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items()
            if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SANBAO_TLS", "DJANGO_SETTINGS_MODULE",
                         "DJANGO_ALLOW_ASYNC_UNSAFE"}}  # the test session's own, never production's
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR,
                          env={**base, **env}, capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_is_clean_with_production_settings_behind_tls():
    done = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_check_deploy_names_what_is_missing_without_tls():
    """Without SANBAO_TLS (a local try over plain HTTP) cookies are not secure: the check says so."""
    done = manage("check", "--deploy", "--fail-level", "WARNING",
                  **{k: v for k, v in PRODUCTION.items() if k != "SANBAO_TLS"})
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr + done.stdout


def test_production_refuses_to_start_without_secret_key_or_with_any_host():
    no_key = manage("check", **{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert no_key.returncode != 0 and "SECRET_KEY must be set" in no_key.stderr
    no_hosts = manage("check", **{k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"})
    assert no_hosts.returncode != 0 and "ALLOWED_HOSTS must name" in no_hosts.stderr
    any_host = manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": "*"})
    assert any_host.returncode != 0 and "ALLOWED_HOSTS must name" in any_host.stderr
