"""Every API endpoint, for every named person, against community A and community B.

Community A is Jiangsu's (secretary, representative, expert, provincial_supervisor);
community B is Guangdong's (outsider, guangdong_supervisor). A refused write must leave
every table as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.registry.models import Community
from tests.api.conftest import Api, snapshot
from tests.factories import (
    CouncilSeatFactory,
    OrganizationFactory,
    PersonFactory,
    valid_credit_code,
)
from tests.fixtures import World

PEOPLE = [
    "anonymous",
    "stranger",
    "operator",
    "supervisor",
    "provincial_supervisor",
    "guangdong_supervisor",
    "secretary",
    "outsider",
    "representative",
    "expert",
]

# Who may act on which community, by kind of action.
SUPERVISORS = {
    "operator": "AB",
    "supervisor": "AB",
    "provincial_supervisor": "A",
    "guangdong_supervisor": "B",
}
MANAGERS = {**SUPERVISORS, "secretary": "A", "outsider": "B"}
PRIVATE_READERS = {**MANAGERS, "representative": "A", "expert": "A"}
ORGANIZATION_EDITORS = {**SUPERVISORS, "representative": "A"}
ANYONE_WITH_A_ROLE = {person: "AB" for person in PEOPLE if person not in ("anonymous", "stranger")}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    # Builds (url, body) for the target community; may create what the call needs.
    build: Callable[[World, Community, str], tuple[str, Any]]
    allowed: dict[str, str] | None  # None: public, everyone may
    success: int = 200

    @property
    def is_write(self) -> bool:
        return self.method != "get"


def _member_of(world: World, community: Community) -> Any:
    return world.membership_a if community == world.community_a else (community.memberships.get())


def _fresh_person(world: World, community: Community) -> Any:
    return PersonFactory(organization=_member_of(world, community).organization)


def _fresh_seat(world: World, community: Community) -> Any:
    return CouncilSeatFactory(community=community, person=_fresh_person(world, community))


def _suspended(community: Community) -> Community:
    Community.objects.filter(pk=community.pk).update(status=Community.Status.SUSPENDED)
    return community


def _csv_upload() -> SimpleUploadedFile:
    text = (
        "name,credit_code,type,region,joined\n"
        f"矩阵导入企业,{valid_credit_code(810001)},enterprise,320400,2024-03-01\n"
    )
    return SimpleUploadedFile("members.csv", text.encode(), content_type="text/csv")


ENDPOINTS = [
    Endpoint("list communities", "get", lambda w, c, t: ("/api/communities", None), None),
    Endpoint("read a community", "get", lambda w, c, t: (f"/api/communities/{c.pk}", None), None),
    Endpoint(
        "list members", "get", lambda w, c, t: (f"/api/communities/{c.pk}/members", None), None
    ),
    Endpoint(
        "read the history",
        "get",
        lambda w, c, t: (f"/api/communities/{c.pk}/history", None),
        PRIVATE_READERS,
    ),
    Endpoint("list organisations", "get", lambda w, c, t: ("/api/organizations", None), None),
    Endpoint(
        "read an organisation",
        "get",
        lambda w, c, t: (f"/api/organizations/{_member_of(w, c).organization_id}", None),
        None,
    ),
    Endpoint("list regions", "get", lambda w, c, t: ("/api/regions", None), None),
    Endpoint("list fields", "get", lambda w, c, t: ("/api/fields", None), None),
    Endpoint(
        "register a community",
        "post",
        lambda w, c, t: (
            "/api/communities",
            {
                "name": f"新登记共同体{t}",
                "kind": "industry",
                "level": "provincial",
                "field": "rail-transit",
                "region": c.region.code,
                "founded": "2024-01-01",
            },
        ),
        SUPERVISORS,
        201,
    ),
    Endpoint(
        "edit the profile",
        "patch",
        lambda w, c, t: (f"/api/communities/{c.pk}", {"summary": "新的简介"}),
        MANAGERS,
    ),
    Endpoint(
        "edit a supervised field",
        "patch",
        lambda w, c, t: (f"/api/communities/{c.pk}", {"founded": "2023-07-01"}),
        SUPERVISORS,
    ),
    Endpoint(
        "suspend",
        "post",
        lambda w, c, t: (f"/api/communities/{c.pk}/suspend", {"reason": "整改"}),
        SUPERVISORS,
    ),
    Endpoint(
        "reinstate",
        "post",
        lambda w, c, t: (f"/api/communities/{_suspended(c).pk}/reinstate", {}),
        SUPERVISORS,
    ),
    Endpoint(
        "dissolve",
        "post",
        lambda w, c, t: (f"/api/communities/{c.pk}/dissolve", {"reason": "合并"}),
        SUPERVISORS,
    ),
    Endpoint(
        "appoint the secretariat",
        "post",
        lambda w, c, t: (f"/api/communities/{c.pk}/secretariat", {"username": "stranger"}),
        SUPERVISORS,
        201,
    ),
    Endpoint(
        "admit a member",
        "post",
        lambda w, c, t: (
            f"/api/communities/{c.pk}/members",
            {"organization": OrganizationFactory().pk, "joined": "2024-01-01"},
        ),
        MANAGERS,
        201,
    ),
    Endpoint(
        "change a member's duties",
        "patch",
        lambda w, c, t: (f"/api/memberships/{_member_of(w, c).pk}", {"duties": "负责实训基地"}),
        MANAGERS,
    ),
    Endpoint(
        "end a membership",
        "post",
        lambda w, c, t: (f"/api/memberships/{_member_of(w, c).pk}/end", {"left": "2024-06-30"}),
        MANAGERS,
    ),
    Endpoint(
        "fill a council seat",
        "post",
        lambda w, c, t: (
            f"/api/communities/{c.pk}/council-seats",
            {
                "person": _fresh_person(w, c).pk,
                "position": "director",
                "term_start": "2024-01-01",
            },
        ),
        MANAGERS,
        201,
    ),
    Endpoint(
        "end a council seat",
        "post",
        lambda w, c, t: (
            f"/api/council-seats/{_fresh_seat(w, c).pk}/end",
            {"term_end": "2024-12-31"},
        ),
        MANAGERS,
    ),
    Endpoint(
        "import members",
        "upload",
        lambda w, c, t: (f"/api/communities/{c.pk}/import", {"file": _csv_upload()}),
        MANAGERS,
    ),
    Endpoint(
        "register an organisation",
        "post",
        lambda w, c, t: (
            "/api/organizations",
            {
                "name": f"新登记企业{t}",
                "credit_code": valid_credit_code(820001),
                "type": "enterprise",
                "region": c.region.code,
            },
        ),
        ANYONE_WITH_A_ROLE,
        201,
    ),
    Endpoint(
        "edit an organisation",
        "patch",
        lambda w, c, t: (
            f"/api/organizations/{_member_of(w, c).organization_id}",
            {"description": "新的简介"},
        ),
        ORGANIZATION_EDITORS,
    ),
]


def _expected(endpoint: Endpoint, person: str, target: str) -> int:
    if endpoint.allowed is None:
        return endpoint.success
    if person == "anonymous":
        return 401
    return endpoint.success if target in endpoint.allowed.get(person, "") else 403


@pytest.mark.parametrize("target", ["A", "B"])
@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.name)
def test_each_endpoint_answers_each_person_as_the_rules_say(
    api: Api, world: World, endpoint: Endpoint, person: str, target: str
) -> None:
    community = world.community_a if target == "A" else world.community_b
    url, body = endpoint.build(world, community, target)
    before = snapshot()
    api.as_(None if person == "anonymous" else getattr(world, person))
    if endpoint.method == "upload":
        response = api.call("post", url, files=body)
    else:
        response = api.call(endpoint.method, url, body)

    expected = _expected(endpoint, person, target)
    assert response.status_code == expected, response.content
    assert response["Content-Type"].startswith("application/json")
    if expected >= 400:
        assert "detail" in response.json()
        assert snapshot() == before, "a refused call changed the database"
    elif endpoint.is_write:
        assert snapshot() != before, "an accepted write changed nothing"


ACCOUNT_ENDPOINTS = [
    ("get", "/api/me", 200),
    ("get", "/api/tokens", 200),
    ("post", "/api/tokens", 201),
]


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("method", "url", "success"), ACCOUNT_ENDPOINTS)
def test_account_endpoints_answer_anyone_signed_in_and_refuse_anonymous(
    api: Api, world: World, person: str, method: str, url: str, success: int
) -> None:
    api.as_(None if person == "anonymous" else getattr(world, person))
    response = api.call(method, url, {"name": "脚本"} if method == "post" else None)
    assert response.status_code == (401 if person == "anonymous" else success)


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("whose", ["own", "other"])
def test_a_token_can_be_revoked_only_by_its_owner(
    api: Api, world: World, person: str, whose: str
) -> None:
    from iecommons.accounts.services import api_token_create

    owner = getattr(world, person) if whose == "own" and person != "anonymous" else world.stranger
    if whose == "other" and person == "stranger":
        owner = world.operator
    token, _key = api_token_create(actor=owner, name="脚本")
    before = snapshot()
    api.as_(None if person == "anonymous" else getattr(world, person))
    response = api.call("delete", f"/api/tokens/{token.pk}")
    expected = {"own": 204, "other": 403}[whose] if person != "anonymous" else 401
    assert response.status_code == expected
    if expected != 204:
        assert snapshot() == before
