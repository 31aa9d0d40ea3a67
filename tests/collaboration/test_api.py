"""The collaboration API: refusals as field-named JSON, and the booking flow end to end."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from iecommons.collaboration.models import Booking

pytestmark = pytest.mark.django_db

BASE = "/api/collaboration"


def _post(client: Client, url: str, body: dict) -> object:
    return client.post(url, json.dumps(body), content_type="application/json")


def _booking_body(collab, start_hour: int = 9, day: int = 5) -> dict:
    return {
        "resource_id": collab.resource.pk,
        "organization_id": collab.world.member_a.pk,
        "start": collab.at(day, start_hour).isoformat(),
        "end": collab.at(day, start_hour + 2).isoformat(),
        "purpose": "实训",
    }


def test_a_booking_outside_opening_hours_answers_422_naming_start(client, collab):
    client.force_login(collab.world.representative)
    response = _post(client, f"{BASE}/bookings", _booking_body(collab, day=5))  # Saturday
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["start"]
    assert not Booking.objects.exists()


def test_request_approve_and_list_through_the_api(client, collab):
    client.force_login(collab.world.representative)
    created = _post(client, f"{BASE}/bookings", _booking_body(collab, day=0))
    assert created.status_code == 201
    booking_id = created.json()["id"]
    mine = client.get(f"{BASE}/bookings").json()
    assert [row["id"] for row in mine["results"]] == [booking_id]

    client.force_login(collab.owner_rep)
    waiting = client.get(f"{BASE}/bookings/to-decide", {"status": "pending"}).json()
    assert waiting["count"] == 1
    approved = _post(client, f"{BASE}/bookings/{booking_id}/approve", {"comment": "好"})
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"


def test_the_catalogue_filters_by_type_and_pages(client, collab):
    response = client.get(
        f"{BASE}/communities/{collab.world.community_a.pk}/resources",
        {"type": "lab", "page_size": 1},
    )
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == collab.resource.name
    detail = client.get(f"{BASE}/resources/{collab.resource.pk}").json()
    assert len(detail["windows"]) == 5
