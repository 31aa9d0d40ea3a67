"""The authorization matrix: every assessment page and endpoint, for each named person,
on community A (own) and community B (other)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from iecommons.assessment.models import AssessmentCycle, Evidence, IndicatorFramework
from iecommons.assessment.services.frameworks import framework_create
from iecommons.assessment.services.values import indicator_value_submit
from tests.assessment.conftest import indicator
from tests.fixtures import World

PEOPLE = (
    "secretary",
    "outsider",
    "representative",
    "expert",
    "provincial_supervisor",
    "guangdong_supervisor",
    "supervisor",
    "stranger",
    "anonymous",
)
ROLES = set(PEOPLE) - {"stranger", "anonymous"}
CYCLE_VIEWERS = {
    "secretary",
    "outsider",
    "expert",
    "provincial_supervisor",
    "guangdong_supervisor",
    "supervisor",
}
A_DATA = {"secretary", "expert", "provincial_supervisor", "supervisor"}
B_DATA = {"outsider", "guangdong_supervisor", "supervisor"}
SUPERVISORS = {"provincial_supervisor", "guangdong_supervisor", "supervisor"}
VERIFIERS = {"expert", "provincial_supervisor", "guangdong_supervisor", "supervisor"}


def _evidence(world: World, cycle: AssessmentCycle) -> Evidence:
    value = indicator_value_submit(
        actor=world.secretary,
        cycle=cycle,
        community=world.community_a,
        indicator=indicator(cycle.framework, "D1.2"),
        value=3,
        evidence=[SimpleUploadedFile("m.pdf", b"%PDF-1.4 x", content_type="application/pdf")],
    )
    return value.evidence.get()


def _draft(world: World) -> IndicatorFramework:
    return framework_create(actor=world.supervisor, name="草稿指标体系")


Kwargs = Callable[[World, AssessmentCycle], dict[str, Any]]
PAGES: list[tuple[str, Kwargs, set[str]]] = [
    ("cycle_list", lambda w, c: {}, ROLES),
    ("cycle_open", lambda w, c: {}, SUPERVISORS),
    ("cycle_detail", lambda w, c: {"pk": c.pk}, CYCLE_VIEWERS),
    ("cycle_weighting", lambda w, c: {"pk": c.pk}, {"supervisor"}),
    (
        "community_data",
        lambda w, c: {"pk": c.pk, "community_pk": w.community_a.pk},
        A_DATA,
    ),
    (
        "community_data",
        lambda w, c: {"pk": c.pk, "community_pk": w.community_b.pk},
        B_DATA,
    ),
    (
        "value_submit",
        lambda w, c: {
            "pk": c.pk,
            "community_pk": w.community_a.pk,
            "indicator_pk": indicator(c.framework, "D1.2").pk,
        },
        {"secretary"},
    ),
    (
        "value_submit",
        lambda w, c: {
            "pk": c.pk,
            "community_pk": w.community_b.pk,
            "indicator_pk": indicator(c.framework, "D1.2").pk,
        },
        {"outsider"},
    ),
    ("verification_queue", lambda w, c: {"pk": c.pk}, VERIFIERS),
    ("evidence_download", lambda w, c: {"pk": _evidence(w, c).pk}, A_DATA),
    ("framework_list", lambda w, c: {}, ROLES),
    ("framework_detail", lambda w, c: {"pk": c.framework_id}, ROLES),
    ("indicator_add", lambda w, c: {"pk": _draft(w).pk}, SUPERVISORS),
    ("indicator_edit", lambda w, c: {"pk": indicator(c.framework, "D1.2").pk}, SUPERVISORS),
    ("survey_list", lambda w, c: {"pk": c.pk}, CYCLE_VIEWERS),
    ("judgment_list", lambda w, c: {"pk": c.pk}, {"expert"}),
    ("judgment_node", lambda w, c: {"pk": c.pk, "node": "root"}, {"expert"}),
    ("my_surveys", lambda w, c: {}, ROLES | {"stranger"}),
]


def _client(world: World, person: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if person != "anonymous":
        client.force_login(getattr(world, person))
    return client


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(
    ("name", "kwargs", "allowed"), PAGES, ids=[f"{p[0]}-{i}" for i, p in enumerate(PAGES)]
)
def test_pages(
    world: World,
    cycle: AssessmentCycle,
    person: str,
    name: str,
    kwargs: Kwargs,
    allowed: set[str],
) -> None:
    url = reverse(f"assessment:{name}", kwargs=kwargs(world, cycle))
    response = _client(world, person).get(url)
    if person == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login" in response["Location"]
    elif person in allowed:
        assert response.status_code == 200, f"{person} should open {url}"
    else:
        assert response.status_code in (403, 404), f"{person} must not open {url}"


ENDPOINTS: list[tuple[str, Kwargs, set[str]]] = [
    ("/api/assessment/frameworks", lambda w, c: {}, ROLES),
    ("/api/assessment/frameworks/{framework}", lambda w, c: {"framework": c.framework_id}, ROLES),
    ("/api/assessment/cycles/{cycle}", lambda w, c: {"cycle": c.pk}, CYCLE_VIEWERS),
    ("/api/assessment/cycles/{cycle}/weights", lambda w, c: {"cycle": c.pk}, {"supervisor"}),
    (
        "/api/assessment/cycles/{cycle}/communities/{community}/values",
        lambda w, c: {"cycle": c.pk, "community": w.community_a.pk},
        A_DATA,
    ),
    (
        "/api/assessment/cycles/{cycle}/communities/{community}/values",
        lambda w, c: {"cycle": c.pk, "community": w.community_b.pk},
        B_DATA,
    ),
]


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(
    ("path", "kwargs", "allowed"), ENDPOINTS, ids=[f"api-{i}" for i in range(len(ENDPOINTS))]
)
def test_endpoints(
    world: World,
    cycle: AssessmentCycle,
    person: str,
    path: str,
    kwargs: Kwargs,
    allowed: set[str],
) -> None:
    url = path.format(**kwargs(world, cycle))
    response = _client(world, person).get(url)
    if person == "anonymous":
        assert response.status_code == 401
    elif person in allowed:
        assert response.status_code == 200, f"{person} should read {url}"
    else:
        assert response.status_code in (403, 404), f"{person} must not read {url}"


def test_the_cycle_list_api_shows_only_visible_cycles(world: World, cycle: AssessmentCycle) -> None:
    assert [c["id"] for c in _client(world, "secretary").get("/api/assessment/cycles").json()] == [
        cycle.pk
    ]
    assert _client(world, "representative").get("/api/assessment/cycles").json() == []


@pytest.mark.parametrize(
    ("person", "community", "status"),
    [
        ("secretary", "community_a", 201),
        ("outsider", "community_a", 403),
        ("supervisor", "community_a", 403),
        ("expert", "community_a", 403),
        ("outsider", "community_b", 201),
    ],
)
def test_value_submission_endpoint(
    world: World, cycle: AssessmentCycle, person: str, community: str, status: int
) -> None:
    target = getattr(world, community)
    response = _client(world, person).post(
        f"/api/assessment/cycles/{cycle.pk}/communities/{target.pk}/values",
        {
            "indicator": "D1.2",
            "value": "5",
            "evidence": SimpleUploadedFile("m.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        },
    )
    assert response.status_code == status, response.content


def test_the_api_refuses_an_out_of_range_value_naming_the_indicator(
    world: World, cycle: AssessmentCycle
) -> None:
    response = _client(world, "secretary").post(
        f"/api/assessment/cycles/{cycle.pk}/communities/{world.community_a.pk}/values",
        {
            "indicator": "D3.2",
            "value": "-5",
            "evidence": SimpleUploadedFile("m.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        },
    )
    assert response.status_code == 422
    assert "D3.2" in response.json()["errors"]["value"][0]
