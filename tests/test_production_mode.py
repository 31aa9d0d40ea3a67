"""Production mode refuses to be unsafe: no real key or no explicit hosts, no start.

Settings are read once per process, so each case loads them in a fresh interpreter with an
environment of its own (the test run's key and hosts removed).
"""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from iecommons.common.env import DEVELOPMENT_SECRET_KEY
from iecommons.config import embedded

SHOW = (
    "import iecommons.config.settings as s; "
    "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
    "getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
)
REAL_KEY = secrets.token_urlsafe(48)
#: What the README documents for a server behind an HTTPS reverse proxy.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": REAL_KEY,
    "ALLOWED_HOSTS": "iec.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://iec.example.cn",
    "SITE_URL": "https://iec.example.cn",
    "SECURE_COOKIES": "1",
}
_CONFIGURATION = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES", "DATABASE_URL", "SITE_URL",
    "CSRF_TRUSTED_ORIGINS", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
    # Set by the test suite for playwright; a deployment must not have it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def run(argv: list[str], tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    clean = {name: value for name, value in os.environ.items() if name not in _CONFIGURATION}
    clean["IECOMMONS_VAR_DIR"] = str(tmp_path / "var")
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *argv],
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def show_settings(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return run(["-c", SHOW], tmp_path, **environment)


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (None, "it is not set"),
        (DEVELOPMENT_SECRET_KEY, "the development key is public"),
        ("short-and-guessable", "too short or too simple"),
        ("a" * 60, "too short or too simple"),
        ("django-insecure-" + secrets.token_urlsafe(48), "too short or too simple"),
    ],
)
def test_without_debug_it_refuses_to_start_without_a_real_secret_key(
    tmp_path: Path, key: str | None, reason: str
) -> None:
    environment = {"DEBUG": "0", "ALLOWED_HOSTS": "iec.example.cn"}
    if key is not None:
        environment["SECRET_KEY"] = key
    result = show_settings(tmp_path, **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY" in result.stderr
    assert reason in result.stderr


def test_without_debug_it_refuses_to_start_without_explicit_allowed_hosts(tmp_path: Path) -> None:
    result = show_settings(tmp_path, DEBUG="0", SECRET_KEY=REAL_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS" in result.stderr
    empty = show_settings(tmp_path, DEBUG="0", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS=" , ")
    assert "ImproperlyConfigured: ALLOWED_HOSTS" in empty.stderr


def test_development_with_debug_needs_no_configuration(tmp_path: Path) -> None:
    result = show_settings(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["True", "False"]


def test_secure_cookies_turn_on_hsts_the_https_redirect_and_the_proxy_header(
    tmp_path: Path,
) -> None:
    plain = show_settings(tmp_path, DEBUG="0", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="iec.example.cn")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.split() == ["False", "False", "0", "False", "None"]
    secure = show_settings(tmp_path, **PRODUCTION)
    assert secure.returncode == 0, secure.stderr
    assert secure.stdout.split() == [
        "False", "True", "31536000", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')",
    ]  # fmt: skip


def test_the_deployment_check_passes_clean_under_the_documented_production_settings(
    tmp_path: Path,
) -> None:
    result = run(
        ["-m", "iecommons.cli", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_check_names_what_is_missing_without_https(tmp_path: Path) -> None:
    environment = {**PRODUCTION, "SECURE_COOKIES": "0"}
    result = run(["-m", "iecommons.cli", "manage", "check", "--deploy"], tmp_path, **environment)
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_iecommons_run_makes_a_local_key_once_and_other_commands_only_reuse_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IECOMMONS_VAR_DIR", str(tmp_path / "var"))
    for name in ("SECRET_KEY", "ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)

    embedded.use_embedded_defaults(create=False)  # `iecommons manage` on a fresh machine
    assert "SECRET_KEY" not in os.environ
    assert not embedded.local_secret_key_path().exists()

    embedded.use_embedded_defaults(host="127.0.0.1", create=True)  # `iecommons run`
    key = os.environ["SECRET_KEY"]
    assert len(key) >= 50
    assert os.environ["ALLOWED_HOSTS"] == "127.0.0.1,localhost,[::1]"
    key_file = embedded.local_secret_key_path()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key != DEVELOPMENT_SECRET_KEY

    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.delenv("ALLOWED_HOSTS")
    embedded.use_embedded_defaults(create=False)  # later: `iecommons manage createsuperuser`
    assert os.environ["SECRET_KEY"] == key


def test_a_key_given_by_hand_is_left_alone_by_other_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IECOMMONS_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("SECRET_KEY", REAL_KEY)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    embedded.use_embedded_defaults(create=False)
    assert "ALLOWED_HOSTS" not in os.environ  # production must name its hosts itself
    embedded.use_embedded_defaults(host="0.0.0.0", create=True)  # noqa: S104
    assert os.environ["SECRET_KEY"] == REAL_KEY
    assert os.environ["ALLOWED_HOSTS"] == "*"
