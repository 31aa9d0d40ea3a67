"""GET /healthz: what a load balancer or a monitor asks."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_the_database_answers(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_does_not(client: Any) -> None:
    with mock.patch(
        "iecommons.common.views.connection.cursor", side_effect=OperationalError("gone")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
