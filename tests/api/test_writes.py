"""Writes through the API: they reach the services, and bad input names its field."""

from __future__ import annotations

import datetime

from iecommons.accounts.models import Role, RoleAssignment
from iecommons.registry.models import Community, CouncilSeat, Membership, Organization, Person
from tests.api.conftest import Api, snapshot
from tests.factories import OrganizationFactory, PersonFactory, valid_credit_code
from tests.fixtures import World

COMMUNITY = {
    "name": "常州智能制造共同体",
    "kind": "industry",
    "level": "provincial",
    "field": "rail-transit",
    "region": "320400",
    "founded": "2024-01-01",
}


def _organization(**overrides: object) -> dict[str, object]:
    return {
        "name": "常州新登记装备有限公司",
        "credit_code": valid_credit_code(900001),
        "type": "enterprise",
        "region": "320400",
        **overrides,
    }


def test_a_supervisor_registers_a_community(api: Api, world: World) -> None:
    response = api.as_(world.provincial_supervisor).post("/api/communities", COMMUNITY)
    assert response.status_code == 201
    assert response.json()["province"]["code"] == "320000"
    assert Community.objects.filter(name="常州智能制造共同体").exists()


def test_an_unknown_region_is_refused_naming_region(api: Api, world: World) -> None:
    before = snapshot()
    response = api.as_(world.supervisor).post("/api/communities", {**COMMUNITY, "region": "999999"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["region"]
    assert "999999" in response.json()["detail"]
    assert snapshot() == before


def test_an_unknown_field_code_is_refused_naming_field(api: Api, world: World) -> None:
    response = api.as_(world.supervisor).post("/api/communities", {**COMMUNITY, "field": "x"})
    assert list(response.json()["errors"]) == ["field"]


def test_a_missing_and_a_malformed_value_are_both_named(api: Api, world: World) -> None:
    body = {key: value for key, value in COMMUNITY.items() if key != "name"}
    response = api.as_(world.supervisor).post("/api/communities", {**body, "founded": "昨天"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"name", "founded"}


def test_a_bad_credit_code_is_refused_naming_credit_code(api: Api, world: World) -> None:
    code = valid_credit_code(900001)
    wrong_check = code[:17] + ("0" if code[17] != "0" else "1")
    before = snapshot()
    response = api.as_(world.secretary).post(
        "/api/organizations", _organization(credit_code=wrong_check)
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["credit_code"]
    assert snapshot() == before


def test_a_duplicate_organisation_is_refused_naming_credit_code(api: Api, world: World) -> None:
    response = api.as_(world.secretary).post(
        "/api/organizations", _organization(credit_code=world.member_a.credit_code)
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["credit_code"]


def test_a_representative_edits_its_own_organisation(api: Api, world: World) -> None:
    response = api.as_(world.representative).patch(
        f"/api/organizations/{world.member_a.pk}",
        {"website": "https://example.cn", "region": "440300"},
    )
    assert response.status_code == 200
    assert response.json()["region"]["code"] == "440300"


def test_a_secretary_edits_the_profile_but_not_the_supervised_fields(
    api: Api, world: World
) -> None:
    url = f"/api/communities/{world.community_a.pk}"
    assert api.as_(world.secretary).patch(url, {"charter": "新章程"}).status_code == 200
    assert api.patch(url, {"level": "national"}).status_code == 403
    world.community_a.refresh_from_db()
    assert (world.community_a.charter, world.community_a.level) == ("新章程", "provincial")


def test_a_community_is_suspended_reinstated_and_dissolved(api: Api, world: World) -> None:
    url = f"/api/communities/{world.community_a.pk}"
    api.as_(world.provincial_supervisor)
    refused = api.post(f"{url}/suspend", {"reason": ""})
    assert list(refused.json()["errors"]) == ["reason"]
    assert api.post(f"{url}/suspend", {"reason": "整改"}).json()["status"] == "suspended"
    assert api.post(f"{url}/reinstate").json()["status"] == "active"
    dissolved = api.post(f"{url}/dissolve", {"reason": "合并", "on": "2024-12-31"}).json()
    assert (dissolved["status"], dissolved["member_count"]) == ("dissolved", 0)
    assert Membership.objects.get(pk=world.membership_a.pk).left == datetime.date(2024, 12, 31)


def test_a_supervisor_appoints_a_secretariat_by_username(api: Api, world: World) -> None:
    url = f"/api/communities/{world.community_a.pk}/secretariat"
    api.as_(world.supervisor)
    assert list(api.post(url, {"username": "nobody"}).json()["errors"]) == ["username"]
    response = api.post(url, {"username": "stranger"})
    assert response.status_code == 201
    assert RoleAssignment.objects.filter(
        user=world.stranger, role=Role.SECRETARIAT, community=world.community_a
    ).exists()


def test_a_member_is_admitted_by_id_by_credit_code_or_inline(api: Api, world: World) -> None:
    url = f"/api/communities/{world.community_a.pk}/members"
    api.as_(world.secretary)
    by_id = api.post(url, {"organization": OrganizationFactory().pk, "joined": "2024-01-01"})
    by_code = api.post(
        url,
        {
            "credit_code": world.member_b.credit_code.lower(),
            "joined": "2024-01-01",
            "role": "council",
        },
    )
    inline = api.post(url, {"new_organization": _organization(), "joined": "2024-01-01"})
    assert [by_id.status_code, by_code.status_code, inline.status_code] == [201, 201, 201]
    assert by_code.json()["role"] == "council"
    assert inline.json()["organization"]["credit_code"] == valid_credit_code(900001)
    world.community_a.refresh_from_db()
    assert world.community_a.member_count == 4


def test_an_inline_organisation_with_a_bad_code_is_named_inside_new_organization(
    api: Api, world: World
) -> None:
    before = snapshot()
    response = api.as_(world.secretary).post(
        f"/api/communities/{world.community_a.pk}/members",
        {"new_organization": _organization(credit_code="123"), "joined": "2024-01-01"},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["new_organization.credit_code"]
    assert snapshot() == before


def test_a_refused_admission_leaves_no_new_organisation_behind(api: Api, world: World) -> None:
    response = api.as_(world.secretary).post(
        f"/api/communities/{world.community_a.pk}/members",
        {"new_organization": _organization(), "joined": "2020-01-01"},
    )
    assert list(response.json()["errors"]) == ["joined"]
    assert not Organization.objects.filter(credit_code=valid_credit_code(900001)).exists()


def test_naming_no_organisation_to_admit_is_refused(api: Api, world: World) -> None:
    response = api.as_(world.secretary).post(
        f"/api/communities/{world.community_a.pk}/members", {"joined": "2024-01-01"}
    )
    assert list(response.json()["errors"]) == ["organization"]


def test_a_membership_ending_before_it_starts_is_refused_naming_left(
    api: Api, world: World
) -> None:
    before = snapshot()
    response = api.as_(world.secretary).post(
        f"/api/memberships/{world.membership_a.pk}/end", {"left": "2023-01-01"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["left"]
    assert snapshot() == before


def test_a_membership_changes_role_and_then_ends(api: Api, world: World) -> None:
    url = f"/api/memberships/{world.membership_a.pk}"
    api.as_(world.secretary)
    changed = api.patch(url, {"role": "lead_unit", "duties": "牵头实训基地建设"}).json()
    assert (changed["role"], changed["duties"]) == ("lead_unit", "牵头实训基地建设")
    ended = api.post(f"{url}/end", {"left": "2024-06-30", "reason": "主动退出"}).json()
    assert (ended["left"], ended["left_reason"]) == ("2024-06-30", "主动退出")


def test_a_council_seat_for_a_non_member_is_refused_naming_person(api: Api, world: World) -> None:
    before = snapshot()
    outsider_person = PersonFactory(organization=world.member_b)
    before = snapshot()
    response = api.as_(world.secretary).post(
        f"/api/communities/{world.community_a.pk}/council-seats",
        {"person": outsider_person.pk, "position": "director", "term_start": "2024-01-01"},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["person"]
    assert snapshot() == before


def test_a_council_seat_is_filled_with_a_new_person_and_then_ended(api: Api, world: World) -> None:
    api.as_(world.secretary)
    filled = api.post(
        f"/api/communities/{world.community_a.pk}/council-seats",
        {
            "new_person": {"name": "李理事长", "organization": world.member_a.pk},
            "position": "chair",
            "term_start": "2024-01-01",
        },
    )
    assert filled.status_code == 201
    assert filled.json()["person"]["name"] == "李理事长"
    assert Person.objects.filter(name="李理事长", organization=world.member_a).exists()
    seat_id = filled.json()["id"]
    too_early = api.post(f"/api/council-seats/{seat_id}/end", {"term_end": "2023-12-31"})
    assert list(too_early.json()["errors"]) == ["term_end"]
    ended = api.post(f"/api/council-seats/{seat_id}/end", {"term_end": "2024-12-31"})
    assert ended.json()["term_end"] == "2024-12-31"
    assert CouncilSeat.objects.get(pk=seat_id).term_end == datetime.date(2024, 12, 31)


def test_errors_never_carry_a_stack_trace(api: Api, world: World) -> None:
    response = api.as_(world.secretary).call(
        "post", f"/api/communities/{world.community_a.pk}/members"
    )
    assert response.status_code == 422
    assert "Traceback" not in response.content.decode()


def test_error_messages_follow_the_accept_language_header(api: Api, world: World) -> None:
    url = f"/api/communities/{world.community_a.pk}/members"
    api.as_(world.secretary)
    english = api.post(url, {"organization": world.member_b.pk}, **{"Accept-Language": "en"})
    chinese = api.post(url, {"organization": world.member_b.pk}, **{"Accept-Language": "zh-hans"})
    assert english.json()["errors"]["joined"] == ["This field is required."]
    assert chinese.json()["errors"]["joined"] == ["这个字段是必填项。"]
