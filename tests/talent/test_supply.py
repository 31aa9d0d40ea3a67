"""The supply–demand picture and the skill gaps: figures per year from the records, the
chart's data, the public page and its XLSX file (opened and read back), and the API."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from iecommons.registry.models import Community
from iecommons.talent import supply
from iecommons.talent.models import (
    Cohort,
    CollegeMajor,
    Course,
    ListStatus,
    Placement,
    PlacementRound,
)
from iecommons.talent.services import lists
from tests.talent.conftest import ROBOTS

pytestmark = pytest.mark.django_db


def _need(talent, year, headcount, skills, majors=(ROBOTS,)):
    need = lists.talent_need_post(
        actor=talent.hr,
        community=talent.world.community_a,
        organization=talent.enterprise,
        occupation_code="6-31-01-10",
        title="工业机器人系统运维员",
        skill_level="3",
        headcount=headcount,
        region=talent.world.community_a.region,
        salary_min=6000,
        salary_max=9000,
        period_start=datetime.date(year, 3, 1),
        period_end=datetime.date(year, 12, 31),
        skills=skills,
        major_codes=list(majors),
    )
    lists.list_item_review(actor=talent.world.secretary, item=need, publish=True)
    return need


@pytest.fixture
def picture(talent):
    """Needs in 2025 and 2026, graduates of the supplying major, a placement in 2026, a
    cohort of 2023 hiring 7 in 2026 and a course teaching robot programming."""
    _need(talent, 2025, 10, "机器人编程、PLC")
    _need(talent, 2026, 20, "机器人编程、视觉检测")
    # A submitted (unpublished) need counts for nothing.
    lists.talent_need_post(
        actor=talent.hr,
        community=talent.world.community_a,
        organization=talent.enterprise,
        occupation_code="6-31-01-10",
        title="未发布",
        skill_level="3",
        headcount=999,
        region=talent.world.community_a.region,
        salary_min=1,
        salary_max=2,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 2, 1),
        skills="焊缝无损检测",
    )
    CollegeMajor.objects.create(college=talent.college, major_code=ROBOTS, year=2025, graduates=30)
    CollegeMajor.objects.create(college=talent.college, major_code=ROBOTS, year=2026, graduates=25)
    # Another major's graduates supply none of the needs.
    CollegeMajor.objects.create(
        college=talent.college, major_code="510203", year=2026, graduates=80
    )
    placement_round = PlacementRound.objects.create(
        community=talent.world.community_a,
        college=talent.college,
        title="2026年岗位实习",
        cohort_year=2023,
        starts=datetime.date(2026, 3, 1),
        status=PlacementRound.Status.MATCHED,
    )
    position = placement_round.positions.create(
        enterprise=talent.enterprise,
        title="运维实习",
        seats=2,
        location="常州",
        monthly_pay=3000,
        regular_wage=3500,
        host_staff=100,
        position_staff=20,
        insured=True,
    )
    Placement.objects.create(
        round=placement_round, student=talent.students[0], position=position, lottery=1
    )
    Cohort.objects.create(
        community=talent.world.community_a,
        kind=Cohort.Kind.ORDER_CLASS,
        title="订单班",
        enterprise=talent.enterprise,
        college=talent.college,
        major_code=ROBOTS,
        intake_year=2023,
        size=10,
        completed=10,
        certified=8,
        hired=7,
    )
    course = Course.objects.create(
        community=talent.world.community_a,
        college=talent.college,
        kind=Course.Kind.COURSE,
        title="机器人现场编程",
        major_code=ROBOTS,
        year=2025,
        status=Course.Status.IN_USE,
        skills=["MF03"],
    )
    course.partners.add(talent.enterprise)
    return talent.world.community_a


def test_the_figures_per_year_come_from_the_records(picture):
    rows = supply.supply_demand(Community.objects.filter(pk=picture.pk))
    assert [(r.year, r.positions, r.graduates, r.placed, r.hired, r.ratio) for r in rows] == [
        (2025, 10, 30, 0, 0, 3.0),
        (2026, 20, 25, 1, 7, 1.25),
    ]


def test_a_skill_no_course_teaches_is_a_gap_worth_a_course(picture):
    gaps = supply.skill_gaps(Community.objects.filter(pk=picture.pk))
    assert [(g.code, g.demand, g.courses, g.is_gap) for g in gaps] == [
        ("MF03", 30, 1, False),
        ("MF10", 20, 0, True),
        ("MF09", 10, 0, True),
    ]
    assert gaps[1].majors == [ROBOTS]


def test_the_public_page_draws_the_chart_and_lists_the_courses_worth_developing(picture):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(f"/talent/community/{picture.pk}/supply-demand/").content.decode()
    assert 'data-chart="supply"' in page
    assert 'id="supply-data"' in page
    assert "Machine-vision inspection: 20 people needed, taught by no course" in page
    assert "talent/charts.js" in page


def test_the_xlsx_file_holds_the_figures_and_the_gaps(picture):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        f"/talent/community/{picture.pk}/supply-demand.xlsx"
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    years = list(workbook["supply-demand"].iter_rows(values_only=True))
    assert years[0][0] == "year"
    assert years[1:] == [(2025, 10, 30, 0, 0, 3), (2026, 20, 25, 1, 7, 1.25)]
    gaps = list(workbook["skill-gaps"].iter_rows(values_only=True))
    assert gaps[2][:4] == ("MF10", "Machine-vision inspection", 20, 0)


def test_the_overview_filters_by_field_and_province(picture, talent):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    field = picture.field.code
    page = client.get("/talent/supply-demand/", {"field": field}).content.decode()
    assert '<th scope="row">2026</th>' in page
    other = client.get("/talent/supply-demand/", {"province": "440000"}).content.decode()
    assert '<th scope="row">2026</th>' not in other
    response = client.get("/talent/supply-demand.xlsx", {"field": field})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3


def test_the_api_gives_the_same_figures(picture):
    body = Client().get(f"/api/talent/communities/{picture.pk}/supply-demand").json()
    assert [y["positions"] for y in body["years"]] == [10, 20]
    assert body["skill_gaps"][1]["code"] == "MF10"
    assert ListStatus.PUBLISHED == "published"


def test_the_public_lists_name_the_skills_asked_for(picture):
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/talent/community/{picture.pk}/").content
    assert "Robot programming" in page.decode()
