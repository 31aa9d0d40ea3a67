"""Inputs that once made the API answer 500: each is now refused (400 or 422) naming what
is wrong, and nothing is written.

Found by fuzzing the API with schemathesis (see test_fuzz.py); these are the named cases,
one per cause, sent as an operator so that no permission check stops them first.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from iecommons.assessment.models import AssessmentCycle, EvaluationRun
from iecommons.collaboration.models import Booking, Post, Resource, Thread
from iecommons.projects.models import BenefitAllocation, Project
from iecommons.registry.models import Community, Organization

pytestmark = pytest.mark.usefixtures("small_demo")


class Operator:
    def __init__(self, key: str) -> None:
        self.client = Client(headers={"Authorization": f"Bearer {key}", "Accept-Language": "en"})

    def send(self, method: str, url: str, body: Any = None, **options: Any) -> Any:
        if method == "get":
            return self.client.get(url, body or {})
        return getattr(self.client, method)(
            url, json.dumps(body), content_type="application/json", **options
        )


@pytest.fixture
def operator(operator_key: str) -> Operator:
    return Operator(operator_key)


def refused(response: Any, field: str, status: int = 422) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert field in body["errors"], body
    return " ".join(body["errors"][field])


LISTS = [
    "/api/communities",
    "/api/organizations",
    "/api/communities/1/members",
    "/api/communities/1/history",
    "/api/collaboration/bookings",
    "/api/collaboration/communities/1/resources",
    "/api/collaboration/communities/1/threads",
    "/api/projects/communities/1",
    "/api/assessment/grades",
]


@pytest.mark.parametrize("url", LISTS)
def test_a_page_number_beyond_any_list_is_refused_not_a_crash(operator, url):
    message = refused(operator.send("get", url, {"page": "3046125501894835094683648"}), "page")
    assert "at most" in message
    refused(operator.send("get", url, {"page": 0}), "page")
    refused(operator.send("get", url, {"page_size": 1000}), "page_size")
    assert operator.send("get", url, {"page": 1000}).json()["results"] == []


@pytest.mark.parametrize("year", [0, -1, 10000])
def test_a_participation_account_year_out_of_range_is_refused(operator, year):
    organization = Organization.objects.order_by("pk").first()
    response = operator.send("get", f"/api/projects/accounts/{organization.pk}", {"year": year})
    refused(response, "year")


@pytest.mark.parametrize(
    ("url", "model"),
    [("/api/communities/{pk}", Community), ("/api/organizations/{pk}", Organization)],
)
def test_null_for_a_text_field_that_cannot_be_empty_of_meaning_is_refused(operator, url, model):
    instance = model.objects.order_by("pk").first()
    response = operator.send("patch", url.format(pk=instance.pk), {"website": None})
    refused(response, "website")
    refused(operator.send("patch", url.format(pk=instance.pk), {"name": None}), "name")
    instance.refresh_from_db()
    assert instance.website is not None


def test_a_multipart_body_without_a_boundary_is_refused(operator):
    cycle = AssessmentCycle.objects.order_by("pk").first()
    community = cycle.communities.order_by("pk").first()
    response = operator.client.post(
        f"/api/assessment/cycles/{cycle.pk}/communities/{community.pk}/values",
        b"indicator=x",
        content_type="multipart/form-data",
    )
    assert response.status_code == 400, response.content
    assert "multipart" in response.json()["detail"]


def test_an_amount_beyond_the_columns_digits_is_refused_naming_it(operator):
    project = Project.objects.filter(participants__isnull=False).order_by("pk").first()
    before = BenefitAllocation.objects.count()
    response = operator.send(
        "post",
        f"/api/projects/{project.pk}/allocations",
        {"description": "licence income", "amount": "1e30", "date": "2026-01-05"},
    )
    assert "too large" in refused(response, "amount")
    assert BenefitAllocation.objects.count() == before


def test_a_booking_ending_at_the_end_of_time_is_refused_naming_the_end(operator):
    resource = Resource.objects.order_by("pk").first()
    organization = resource.community.memberships.order_by("pk").first().organization
    before = Booking.objects.count()
    response = operator.send(
        "post",
        "/api/collaboration/bookings",
        {
            "resource_id": resource.pk,
            "organization_id": organization.pk,
            "start": "2026-06-01T09:00:00+08:00",
            "end": "9999-12-31T23:59:59-12:00",
            "purpose": "training",
        },
    )
    refused(response, "end")
    assert Booking.objects.count() == before


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "nul\x00"])
def test_text_that_is_not_valid_unicode_is_refused_naming_the_field(operator, text):
    thread = Thread.objects.order_by("pk").first()
    before = Post.objects.count()
    response = operator.send(
        "post", f"/api/collaboration/threads/{thread.pk}/posts", {"body": text}
    )
    refused(response, "body")
    assert Post.objects.count() == before


def test_text_is_stored_in_its_composed_unicode_form(operator):
    thread = Thread.objects.order_by("pk").first()
    response = operator.send(
        "post", f"/api/collaboration/threads/{thread.pk}/posts", {"body": "Cafe\u0301"}
    )
    assert response.status_code == 201, response.content
    assert Post.objects.get(pk=response.json()["id"]).body == "Caf\u00e9"


@pytest.mark.parametrize("body", [[None, None], "text", 3, None])
def test_a_body_that_is_not_an_object_is_refused_and_starts_nothing(operator, body):
    cycle = AssessmentCycle.objects.order_by("pk").first()
    before = EvaluationRun.objects.count()
    response = operator.send("post", f"/api/assessment/cycles/{cycle.pk}/runs", body)
    assert response.status_code in (400, 422), response.content
    assert EvaluationRun.objects.count() == before
