"""The assessment's derived indicators fed by the talent chain: order-class students (D3.1),
the dual-qualified share (D3.3), hours taught by enterprise mentors (D3.4) and teachers'
enterprise-practice compliance, each computed from the records with its trace."""

from __future__ import annotations

import datetime

import pytest

from iecommons.assessment.formulas import FORMULAS
from iecommons.assessment.models import Indicator
from iecommons.assessment.services.cycles import cycle_open
from iecommons.assessment.services.derived import compute_derived
from iecommons.assessment.services.frameworks import default_framework_load
from iecommons.talent.models import Cohort, EnterpriseMentor, EnterprisePractice, Teacher
from tests.talent.conftest import ROBOTS

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


def _cohort(talent, intake, size):
    Cohort.objects.create(
        community=talent.world.community_a,
        kind=Cohort.Kind.ORDER_CLASS,
        title=f"订单班{intake}级",
        enterprise=talent.enterprise,
        college=talent.college,
        major_code=ROBOTS,
        intake_year=intake,
        size=size,
    )


def _teacher(
    college, number, *, enterprise=None, dual=False, since=None, specialised=True, practice_days=0
):
    teacher = Teacher.objects.create(
        college=college,
        name=f"教师{number}",
        staff_number=f"T{number:03d}",
        specialised=specialised,
        dual_qualified=dual,
        dual_qualified_since=since,
    )
    if practice_days:
        EnterprisePractice.objects.create(
            teacher=teacher,
            enterprise=enterprise,
            starts=datetime.date(2024, 1, 1),
            ends=datetime.date(2024, 1, 1) + datetime.timedelta(days=practice_days - 1),
        )
    return teacher


@pytest.fixture
def records(talent):
    _cohort(talent, 2022, 40)  # in training 2022–2024: not in 2025
    _cohort(talent, 2023, 30)  # 2023–2025
    _cohort(talent, 2025, 25)
    _cohort(talent, 2026, 50)  # not yet
    at = talent.enterprise
    _teacher(
        talent.college,
        1,
        enterprise=at,
        dual=True,
        since=datetime.date(2020, 9, 1),
        practice_days=200,
    )
    _teacher(talent.college, 2, dual=True, since=datetime.date(2026, 3, 1))  # after the period
    _teacher(talent.college, 3, enterprise=at, practice_days=100)
    _teacher(talent.college, 4, dual=True, specialised=False)  # not a specialised teacher
    # A college that is no member of the community does not count.
    _teacher(talent.world.member_b, 5, dual=True)
    for year, hours in ((2024, 100), (2025, 48), (2025, 32)):
        EnterpriseMentor.objects.create(
            community=talent.world.community_a,
            enterprise=talent.enterprise,
            college=talent.college,
            name="孙师傅",
            year=year,
            teaching_hours=hours,
        )
    return talent


def _compute(key, talent):
    return FORMULAS[key].compute(talent.world.community_a, START, END)


def test_order_class_students_count_the_cohorts_in_training(records):
    result = _compute("order_class_students", records)
    assert result.value == 55.0
    assert sorted(r["students"] for r in result.records) == [25, 30]


def test_the_dual_qualified_share_counts_specialised_teachers_recognised_by_the_end(records):
    result = _compute("dual_qualified_teacher_share", records)
    assert result.value == pytest.approx(100 / 3, abs=1e-3)
    assert result.details["total"] == 3


def test_mentor_hours_are_those_of_the_periods_years(records):
    assert _compute("industry_teacher_hours", records).value == 80.0


def test_practice_compliance_is_six_months_in_five_years(records):
    result = _compute("teacher_practice_compliance", records)
    assert result.value == pytest.approx(100 / 3, abs=1e-3)


def test_the_default_framework_derives_them_when_a_cycle_computes(records):
    world = records.world
    framework = default_framework_load()
    codes = dict(
        Indicator.objects.filter(
            framework=framework, code__in=["D3.1", "D3.3", "D3.4"]
        ).values_list("code", "formula")
    )
    assert codes == {
        "D3.1": "order_class_students",
        "D3.3": "dual_qualified_teacher_share",
        "D3.4": "industry_teacher_hours",
    }
    cycle = cycle_open(
        actor=world.supervisor,
        name="2025 年度评价",
        year=2025,
        period_start=START,
        period_end=END,
        framework=framework,
        communities=[world.community_a],
        submission_deadline=datetime.date(2026, 2, 28),
        verification_deadline=datetime.date(2026, 3, 31),
        judgment_deadline=datetime.date(2026, 3, 31),
    )
    values = {
        v.indicator.code: v for v in compute_derived(cycle=cycle, community=world.community_a)
    }
    assert values["D3.1"].value == 55.0
    assert values["D3.4"].value == 80.0
    assert values["D3.3"].trace["formula"] == "dual_qualified_teacher_share"
    assert values["D3.3"].trace["total"] == 3
