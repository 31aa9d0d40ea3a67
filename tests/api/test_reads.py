"""Public reads: lists that filter and page like the registry page, and the detail views."""

from __future__ import annotations

import datetime

from iecommons.common import audit
from iecommons.registry.models import Field, Membership, Organization
from tests.api.conftest import Api
from tests.factories import (
    CommunityFactory,
    CouncilSeatFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    shenzhen,
)
from tests.fixtures import World


def _names(response: object) -> list[str]:
    return [row["name"] for row in response.json()["results"]]  # type: ignore[attr-defined]


def test_the_community_list_filters_by_province_level_and_status(api: Api, world: World) -> None:
    CommunityFactory(name="国家级共同体", level="national", status="suspended")
    assert _names(api.get("/api/communities", {"province": "440000"})) == ["乙共同体"]
    assert _names(api.get("/api/communities", {"level": "national"})) == ["国家级共同体"]
    assert _names(api.get("/api/communities", {"status": "suspended"})) == ["国家级共同体"]
    assert _names(api.get("/api/communities", {"city": "320400", "level": "provincial"})) == [
        "甲共同体"
    ]


def test_the_community_list_searches_names_of_members(api: Api, world: World) -> None:
    Organization.objects.filter(pk=world.member_b.pk).update(name="深圳鹏城智造有限公司")
    assert _names(api.get("/api/communities", {"q": "鹏城"})) == ["乙共同体"]


def test_the_community_list_filters_by_field_including_sub_fields(api: Api, world: World) -> None:
    parent = Field.objects.create(code="it", name_zh="新一代信息技术", name_en="IT")
    child = Field.objects.create(code="industrial-internet", name_zh="工业互联网", parent=parent)
    CommunityFactory(name="工业互联网共同体", field=child)
    assert _names(api.get("/api/communities", {"field": "it"})) == ["工业互联网共同体"]


def test_the_community_list_pages_and_counts(api: Api, world: World) -> None:
    for number in range(5):
        CommunityFactory(name=f"分页共同体{number}")
    first = api.get("/api/communities", {"page_size": 3, "sort": "name"}).json()
    second = api.get("/api/communities", {"page_size": 3, "page": 3}).json()
    assert first["count"] == 7
    assert (first["page"], first["page_size"], len(first["results"])) == (1, 3, 3)
    assert len(second["results"]) == 1


def test_a_page_size_over_100_is_refused_naming_page_size(api: Api, world: World) -> None:
    response = api.get("/api/communities", {"page_size": 101})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["page_size"]


def test_an_unknown_choice_in_a_filter_is_refused_naming_the_filter(api: Api, world: World) -> None:
    response = api.get("/api/communities", {"kind": "guild", "page": "first"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"kind", "page"}


def test_region_and_field_names_follow_the_accept_language_header(api: Api, world: World) -> None:
    url = f"/api/communities/{world.community_a.pk}"
    chinese = api.get(url).json()
    english = api.get(url, **{"Accept-Language": "en"}).json()
    assert (chinese["region"]["name"], chinese["field"]["name"]) == ("常州市", "轨道交通装备")
    assert (english["region"]["name"], english["field"]["name"]) == (
        "Changzhou",
        "Rail-transit equipment",
    )
    assert (english["name"], english["name_en"]) == ("甲共同体", "Community A")


def test_a_community_shows_lead_units_council_and_member_counts(api: Api, world: World) -> None:
    community = world.community_a
    lead = MembershipFactory(community=community, role=Membership.Role.LEAD_UNIT)
    MembershipFactory(community=community, organization__type="higher_vocational")
    MembershipFactory(community=community, left=datetime.date(2024, 1, 1))
    chair = PersonFactory(name="王主席", organization=lead.organization)
    CouncilSeatFactory(community=community, person=chair, position="chair")
    CouncilSeatFactory(
        community=community,
        person=PersonFactory(organization=lead.organization),
        term_end=datetime.date(2024, 1, 1),
    )
    body = api.get(f"/api/communities/{community.pk}").json()
    assert [unit["id"] for unit in body["lead_units"]] == [lead.organization_id]
    assert [(seat["position"], seat["person"]["name"]) for seat in body["council"]] == [
        ("chair", "王主席")
    ]
    assert body["council"][0]["organization"]["id"] == lead.organization_id
    assert body["member_counts"] == {"enterprise": 2, "higher_vocational": 1}
    assert body["permissions"] == {"manage": False, "supervise": False, "see_private": False}


def test_a_community_tells_its_secretary_what_they_may_do(api: Api, world: World) -> None:
    body = api.as_(world.secretary).get(f"/api/communities/{world.community_a.pk}").json()
    assert body["permissions"] == {"manage": True, "supervise": False, "see_private": True}


def test_members_are_listed_current_or_departed(api: Api, world: World) -> None:
    gone = MembershipFactory(community=world.community_a, left=datetime.date(2024, 5, 1))
    url = f"/api/communities/{world.community_a.pk}/members"
    current = api.get(url).json()
    departed = api.get(url, {"active": "false"}).json()
    assert [row["id"] for row in current["results"]] == [world.membership_a.pk]
    assert [row["id"] for row in departed["results"]] == [gone.pk]
    assert departed["results"][0]["left"] == "2024-05-01"
    assert current["results"][0]["organization"]["province"]["code"] == "320000"


def test_an_unknown_community_is_a_json_404(api: Api, world: World) -> None:
    response = api.get("/api/communities/999999")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_the_history_shows_changes_to_the_community_and_its_members(api: Api, world: World) -> None:
    audit.record(actor=world.secretary, instance=world.membership_a, operation="membership_admit")
    api.as_(world.secretary).patch(
        f"/api/communities/{world.community_a.pk}", {"summary": "新简介"}
    )
    audit.record(actor=world.outsider, instance=world.community_b, operation="community_update")
    entries = api.get(f"/api/communities/{world.community_a.pk}/history").json()["results"]
    assert [(entry["operation"], entry["object_type"]) for entry in entries] == [
        ("community_update", "community"),
        ("membership_admit", "membership"),
    ]
    assert entries[0]["actor"] == "secretary"
    assert entries[0]["changes"]["summary"] == ["", "新简介"]


def test_organisations_filter_by_type_province_and_credit_code(api: Api, world: World) -> None:
    college = OrganizationFactory(
        name="深圳职业技术大学", type="higher_vocational", region=shenzhen()
    )
    rows = api.get("/api/organizations", {"type": "higher_vocational"}).json()["results"]
    assert [row["id"] for row in rows] == [college.pk]
    rows = api.get("/api/organizations", {"province": "440000"}).json()["results"]
    assert [row["id"] for row in rows] == [college.pk]
    rows = api.get("/api/organizations", {"q": world.member_a.credit_code}).json()["results"]
    assert [row["id"] for row in rows] == [world.member_a.pk]


def test_an_organisation_shows_every_community_it_belongs_to(api: Api, world: World) -> None:
    MembershipFactory(
        community=world.community_b, organization=world.member_a, left=datetime.date(2024, 2, 1)
    )
    body = api.get(f"/api/organizations/{world.member_a.pk}").json()
    assert [(row["community"]["name"], row["left"]) for row in body["memberships"]] == [
        ("甲共同体", None),
        ("乙共同体", "2024-02-01"),
    ]


def test_regions_list_provinces_or_the_cities_of_one(api: Api, world: World) -> None:
    provinces = api.get("/api/regions").json()
    assert [region["code"] for region in provinces] == ["320000", "440000"]
    cities = api.get("/api/regions", {"province": "440000"}).json()
    assert [(city["code"], city["province"]) for city in cities] == [("440300", "440000")]
    unknown = api.get("/api/regions", {"province": "990000"})
    assert unknown.status_code == 422
    assert list(unknown.json()["errors"]) == ["province"]


def test_fields_list_the_taxonomy(api: Api, world: World) -> None:
    assert [field["code"] for field in api.get("/api/fields").json()] == ["rail-transit"]
