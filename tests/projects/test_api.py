"""The projects API: the same scope as the pages, and refusals as JSON naming the field."""

from __future__ import annotations

import pytest
from django.test import Client

from iecommons.projects.models import Contribution

pytestmark = pytest.mark.django_db

PEOPLE = [
    "operator",
    "supervisor",
    "provincial_supervisor",
    "guangdong_supervisor",
    "secretary",
    "outsider",
    "representative",
    "expert",
    "stranger",
]
READERS = {"operator", "supervisor", "provincial_supervisor", "secretary", "representative"}
# A community's experts read its projects (read only), as they read its other private records.
PRIVATE_READERS = READERS | {"expert"}
WRITERS = {"operator", "secretary", "representative"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("person", PEOPLE)
def test_each_endpoint_answers_only_those_in_scope(projects, person):
    world = projects.world
    project = projects.project
    client = _client(getattr(world, person))
    reads = [
        f"/api/projects/communities/{world.community_a.pk}",
        f"/api/projects/{project.pk}",
        f"/api/projects/{project.pk}/contributions",
        f"/api/projects/{project.pk}/outcomes",
        f"/api/projects/{project.pk}/allocations",
        f"/api/projects/accounts/{world.member_a.pk}",
    ]
    for url in reads:
        readers = READERS if "/accounts/" in url else PRIVATE_READERS
        status = client.get(url).status_code
        assert status == (200 if person in readers else 403), (url, person, status)
    writes = {
        f"/api/projects/{project.pk}/contributions": {
            "participant_id": projects.lead.pk,
            "kind": "cash",
            "value": "100",
            "date": "2025-03-01",
        },
        f"/api/projects/{project.pk}/outcomes": {
            "kind": "patent",
            "title": "一种转向架检测装置",
            "quantity": "1",
            "date": "2025-05-01",
        },
        f"/api/projects/{project.pk}/allocations": {
            "description": "许可收入",
            "amount": "1000",
            "date": "2025-06-01",
        },
    }
    for url, body in writes.items():
        status = client.post(url, body, content_type="application/json").status_code
        assert status == (201 if person in WRITERS else 403), (url, person, status)


def test_anonymous_callers_are_refused_private_reads(projects):
    client = Client()
    assert client.get(f"/api/projects/{projects.project.pk}").status_code in (401, 403)
    assert (
        client.get(f"/api/projects/communities/{projects.world.community_a.pk}").status_code == 401
    )


def test_allocating_through_the_api_returns_the_shares_and_how_they_were_computed(projects):
    client = _client(projects.world.secretary)
    for participant, value in (
        (projects.lead, "50"),
        (projects.partner_one, "30"),
        (projects.partner_two, "20"),
    ):
        Contribution.objects.create(
            participant=participant,
            organization=participant.organization,
            kind="cash",
            value=value,
            date="2025-01-10",
            year=2025,
        )
    response = client.post(
        f"/api/projects/{projects.project.pk}/allocations",
        {"description": "技术服务收入", "amount": "1000", "date": "2025-06-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rule"] == "proportional"
    assert sorted(float(share["amount"]) for share in body["shares"]) == [200.0, 300.0, 500.0]
    assert "Proportional" in body["explanation"] or "比例" in body["explanation"]


def test_a_negative_contribution_is_refused_with_the_field_named(projects):
    client = _client(projects.world.representative)
    response = client.post(
        f"/api/projects/{projects.project.pk}/contributions",
        {"participant_id": projects.lead.pk, "kind": "cash", "value": "-1", "date": "2025-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "value" in response.json()["errors"]
    assert not Contribution.objects.exists()


def test_the_account_endpoint_sums_contributions(projects):
    Contribution.objects.create(
        participant=projects.lead,
        organization=projects.world.member_a,
        kind="cash",
        value="123.45",
        date="2025-01-10",
        year=2025,
    )
    body = (
        _client(projects.world.representative)
        .get(f"/api/projects/accounts/{projects.world.member_a.pk}")
        .json()
    )
    assert float(body["contributed"]["cash"]) == 123.45
    assert body["projects"] == 1


def test_the_project_list_endpoint_costs_the_same_queries_for_many_projects(
    projects, django_assert_num_queries
):
    from tests.projects.conftest import make_project

    client = _client(projects.world.representative)
    url = f"/api/projects/communities/{projects.world.community_a.pk}"
    client.get(url)
    # Session, user, the representative's roles with its organisations' communities (one
    # query), the community, the count and the page of projects.
    with django_assert_num_queries(6) as few:
        client.get(url)
    for index in range(30):
        make_project(projects.world.community_a, title=f"项目{index}")
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(url).json()
    assert body["count"] == 31
