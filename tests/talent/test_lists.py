"""The three lists: members post, the secretariat publishes, the public reads and exports."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook

from iecommons.projects.models import Participant
from iecommons.registry.models import Field
from iecommons.talent.models import ListStatus, TechnologyNeed
from iecommons.talent.services import lists

pytestmark = pytest.mark.django_db


def talent_need(world, **overrides):
    fields = {
        "actor": world.representative,
        "community": world.community_a,
        "organization": world.member_a,
        "occupation_code": "6-31-01-10",
        "title": "工业机器人系统运维员",
        "skill_level": "3",
        "headcount": 12,
        "region": world.community_a.region,
        "salary_min": 6000,
        "salary_max": 9000,
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
        "skills": "机器人编程、PLC",
        "major_codes": ["460305"],
    }
    fields.update(overrides)
    return lists.talent_need_post(**fields)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"occupation_code": "9-99-99-99"}, "occupation_code", "not in the Occupational"),
        ({"major_codes": ["999999"]}, "major_codes", "not a major of the vocational"),
        ({"major_codes": ["4603"]}, "major_codes", "not a major"),
        ({"salary_min": 9000, "salary_max": 6000}, "salary_max", "ends below"),
        ({"headcount": 0}, "headcount", "at least 1"),
        ({"period_end": datetime.date(2025, 1, 1)}, "period_end", "ends before"),
    ],
)
def test_a_bad_talent_need_is_refused_naming_the_field(world, change, field, words):
    with pytest.raises(ValidationError) as caught:
        talent_need(world, **change)
    assert words in caught.value.message_dict[field][0]


def test_a_member_posts_for_its_own_organisation_only(world):
    with pytest.raises(PermissionDenied):
        talent_need(world, organization=world.member_b)
    with pytest.raises(PermissionDenied):
        talent_need(world, actor=world.stranger)


def test_the_secretariat_publishes_and_then_everyone_reads_and_exports(world):
    need = talent_need(world)
    anonymous = Client()
    url = f"/api/talent/communities/{world.community_a.pk}/lists/talent"
    assert anonymous.get(url).json() == []
    with pytest.raises(PermissionDenied):
        lists.list_item_review(actor=world.representative, item=need, publish=True)
    with pytest.raises(PermissionDenied):
        lists.list_item_review(actor=world.outsider, item=need, publish=True)
    lists.list_item_review(actor=world.secretary, item=need, publish=True)
    rows = anonymous.get(url).json()
    assert [r["title"] for r in rows] == ["工业机器人系统运维员"]
    assert rows[0]["details"]["skills"] == ["机器人编程", "PLC"]
    response = anonymous.get(url + "/xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "occupation_code"
    assert values[1][1] == "6-31-01-10"


def test_returning_an_item_needs_a_note(world):
    need = talent_need(world)
    with pytest.raises(ValidationError):
        lists.list_item_review(actor=world.secretary, item=need, publish=False)
    lists.list_item_review(actor=world.secretary, item=need, publish=False, note="薪资区间请核实")
    need.refresh_from_db()
    assert need.status == ListStatus.REJECTED


def test_an_unpublished_item_is_seen_by_its_poster_and_the_secretariat_only(world):
    talent_need(world)
    url = f"/api/talent/communities/{world.community_a.pk}/lists/talent"
    for person, count in (
        ("representative", 1),
        ("secretary", 1),
        ("outsider", 0),
        ("stranger", 0),
    ):
        client = Client()
        client.force_login(getattr(world, person))
        assert len(client.get(url).json()) == count, person


def test_taking_a_technology_need_on_makes_a_joint_project_linked_both_ways(world):
    field = Field.objects.get(pk=world.community_a.field_id)
    need = lists.technology_need_post(
        actor=world.secretary,
        community=world.community_a,
        organization=world.member_a,
        problem="转向架焊缝智能检测",
        field=field,
        deadline=datetime.date(2027, 6, 30),
        budget=800000,
    )
    with pytest.raises(ValidationError):
        lists.technology_need_take_on(
            actor=world.representative, need=need, organization=world.member_a
        )
    lists.list_item_review(actor=world.secretary, item=need, publish=True)
    project = lists.technology_need_take_on(
        actor=world.representative, need=need, organization=world.member_a
    )
    need.refresh_from_db()
    assert need.project == project
    assert project.technology_need == need
    assert need.progress == TechnologyNeed.Progress.TAKEN
    assert project.participants.get().role == Participant.Role.LEAD
    with pytest.raises(ValidationError) as caught:
        lists.technology_need_take_on(
            actor=world.representative, need=need, organization=world.member_a
        )
    assert "already" in caught.value.message_dict["need"][0]


def test_the_api_refuses_a_bad_code_as_json_naming_the_field(world):
    client = Client()
    client.force_login(world.representative)
    response = client.post(
        f"/api/talent/communities/{world.community_a.pk}/talent-needs",
        {
            "organization_id": world.member_a.pk,
            "occupation_code": "X",
            "title": "岗位",
            "skill_level": "3",
            "headcount": 1,
            "region_id": world.community_a.region_id,
            "salary_min": 1,
            "salary_max": 2,
            "period_start": "2026-01-01",
            "period_end": "2026-02-01",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "occupation_code" in response.json()["errors"]
