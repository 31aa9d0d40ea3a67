"""Configuration comes only from the environment, and a bad value stops start-up clearly.

Each case imports the settings module in a fresh interpreter, because settings are read
once per process.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

LOAD_SETTINGS = (
    "import iecommons.config.settings as s; "
    "print(s.DEBUG, s.PORT, s.DATABASES['default']['ENGINE'])"
)


def load_settings(
    script: str = LOAD_SETTINGS, **environment: str
) -> subprocess.CompletedProcess[str]:
    clean = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {
            "DEBUG", "PORT", "DATABASE_URL", "HOST", "IMPORT_MAX_BYTES", "SITE_URL",
            "PG_PREPARED_STATEMENTS",
        }
    }  # fmt: skip
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_defaults_are_sqlite_on_port_8000_without_debug() -> None:
    # SECRET_KEY and ALLOWED_HOSTS come from the test settings here; without them, see
    # test_production_mode.py.
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "8000", "django.db.backends.sqlite3"]


def test_the_environment_sets_debug_port_and_database() -> None:
    result = load_settings(
        DEBUG="yes", PORT="9100", DATABASE_URL="postgres://someone@db.example:5432/iec"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "9100", "django.db.backends.postgresql"]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DEBUG", "maybe", "expected one of 1/0, true/false"),
        ("PORT", "eighty", "expected a whole number"),
        ("PORT", "70000", "expected a number from 1 to 65535"),
        ("IMPORT_MAX_BYTES", "10", "expected a number from 1024"),
        ("DATABASE_URL", "mysql://root@localhost/iec", "expected a postgres:// or sqlite:// URL"),
        ("DATABASE_URL", "not a url at all", "DATABASE_URL"),
        ("SITE_URL", "iec.example.cn", "expected an http:// or https:// address"),
        ("SITE_URL", "ftp://iec.example.cn", "expected an http:// or https:// address"),
        ("SITE_URL", "https://iec.example.cn:port", "expected an http:// or https:// address"),
    ],
)
def test_it_refuses_a_bad_value_and_names_the_variable(
    variable: str, value: str, expected: str
) -> None:
    result = load_settings(**{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr
    assert expected in result.stderr


def test_the_site_url_defaults_to_the_local_server_and_loses_a_trailing_slash() -> None:
    script = "import iecommons.config.settings as s; print(s.SITE_URL)"
    for environment, expected in [
        ({}, "http://127.0.0.1:8000"),
        ({"SITE_URL": "https://iec.example.cn/"}, "https://iec.example.cn"),
    ]:
        clean = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
        result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-c", script],
            env={**clean, **environment},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected


@pytest.mark.parametrize(("value", "prepared"), [(None, True), ("0", False), ("1", True)])
def test_postgresql_prepares_its_statements_unless_told_not_to(
    value: str | None, prepared: bool
) -> None:
    """Behind a pooler in transaction mode prepared statements break: PG_PREPARED_STATEMENTS=0."""
    environment = {"DATABASE_URL": "postgres://someone@db.example:5432/iec"}
    if value is not None:
        environment["PG_PREPARED_STATEMENTS"] = value
    script = (
        "import iecommons.config.settings as s; o = s.DATABASES['default'].get('OPTIONS', {}); "
        "print(o.get('server_side_binding', False), o.get('prepare_threshold'))"
    )
    result = load_settings(script, **environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == (["True", "2"] if prepared else ["False", "None"])
