"""The participation account is a cached fragment: a write shows on the next visit."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.projects.services import contribution_record

pytestmark = pytest.mark.django_db


def _page(user: object, url: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_contribution_shows_on_the_next_visit_to_the_account(projects) -> None:
    world = projects.world
    url = reverse("projects:account", args=[world.member_a.pk])
    assert "¥1,234.00" not in _page(world.representative, url)
    contribution_record(
        actor=world.secretary,
        project=projects.project,
        participant=projects.lead,
        kind="cash",
        value="1234",
        date=datetime.date(2025, 2, 1),
    )
    assert "¥1,234.00" in _page(world.representative, url)
    client = Client()
    client.force_login(world.outsider)  # B's secretariat may not read A's member's account
    assert client.get(url).status_code in (403, 404)
