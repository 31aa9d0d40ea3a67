"""The rules the suite itself keeps: in CI a missing browser or database is a failure."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.conftest import skip_or_fail


def test_a_missing_part_skips_on_a_developer_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        skip_or_fail("chromium not found")


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_a_missing_part_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="must not be skipped"):
        skip_or_fail("chromium not found")


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_it_was_given() -> None:
    given_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    expected = "postgresql" if given_postgres else "sqlite"
    assert connection.vendor == expected


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_the_postgresql_database_stores_chinese_as_utf8() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone() == ("UTF8",)
        cursor.execute("SELECT %s::text", ["产教融合共同体"])
        assert cursor.fetchone() == ("产教融合共同体",)


def test_the_language_is_pinned_in_one_place() -> None:
    """Only ``tests/conftest.py`` pins the language for whole files; a test that needs
    another language says so itself (``translation.override`` inside the test)."""
    import re
    from pathlib import Path

    root = Path(__file__).parent
    autouse_language = re.compile(
        r"@pytest\.fixture\(autouse=True\)\s*\ndef \w+\([^)]*\)[^:]*:\n"
        r"(?:[ \t]+[^\n]*\n|\n){0,8}?[ \t]+[^\n]*translation\.(?:override|activate)\("
    )
    pinning = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "test_test_rules.py" and autouse_language.search(path.read_text())
    )
    assert pinning == ["conftest.py"]


def test_the_active_language_is_the_pinned_one() -> None:
    from django.utils import translation

    assert translation.get_language() == "en"
