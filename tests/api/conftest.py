"""Helpers for the API tests: calling as a named person, snapshots, spreadsheets."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from iecommons.accounts.models import ApiToken, RoleAssignment
from iecommons.common.models import AuditEntry
from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Membership,
    Organization,
    Person,
)
from tests.factories import valid_credit_code

HEADER = ["name", "credit_code", "type", "region", "role", "joined"]


class Api:
    """Calls the API as one person (``None`` for anonymous) through the Django session."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def as_(self, user: Any) -> Api:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self

    def call(
        self,
        method: str,
        url: str,
        body: dict[str, Any] | None = None,
        *,
        files: dict[str, Any] | None = None,
        **headers: str,
    ) -> Any:
        method = method.lower()
        if files is not None:
            return self.client.post(url, files, headers=headers)
        if method in ("get", "delete"):
            return getattr(self.client, method)(url, body or {}, headers=headers)
        return getattr(self.client, method)(
            url, json.dumps(body or {}), content_type="application/json", headers=headers
        )

    def get(self, url: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.call("get", url, params, **headers)

    def post(self, url: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.call("post", url, body, **headers)

    def patch(self, url: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.call("patch", url, body, **headers)


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Everything a write could change, to prove that a refused write changed nothing."""
    models = (
        Community,
        Membership,
        Organization,
        CouncilSeat,
        Person,
        RoleAssignment,
        ApiToken,
        AuditEntry,
    )
    return {
        model.__name__: list(model.objects.order_by("pk").values())  # type: ignore[attr-defined]
        for model in models
    }


def spreadsheet(rows: Iterable[Iterable[Any]], *, header: list[str] | None = None) -> bytes:
    """An XLSX file with a header row and ``rows``, built with openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(data: bytes, name: str = "members.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def good_rows(count: int, *, start: int = 700000) -> list[list[Any]]:
    return [
        [
            f"导入测试企业{n}",
            valid_credit_code(start + n),
            "enterprise",
            "320400",
            "member",
            "2024-03-01",
        ]
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def small_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The small demo, seeded once for a whole test module and rolled back after its last
    test; each test runs in a savepoint inside that transaction (ask for ``db`` too)."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", "--small", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def operator_key(small_demo: None, db: None) -> str:
    """A bearer key of a superuser, made the way an operator would (``POST /api/tokens``)."""
    from iecommons.accounts.services import api_token_create
    from tests.factories import UserFactory

    operator = UserFactory(username="api-operator", is_superuser=True, is_staff=True)
    _token, key = api_token_create(actor=operator, name="operator")
    return key
