"""A small world for the dashboards, counted by hand.

Communities (``tests.fixtures.world`` plus two):

=====  ==========  ========================  =========  ========  ==================
name   level       seat                      status     founded   active members
=====  ==========  ========================  =========  ========  ==================
A      provincial  Changzhou (Jiangsu)       active     2023      enterprise, college
B      provincial  Shenzhen (Guangdong)      active     2023      enterprise
C      national    Changzhou (Jiangsu)       active     2023      —
D      municipal   Changzhou (Jiangsu)       dissolved  2024      —
=====  ==========  ========================  =========  ========  ==================

A member of A left in 2025.

Assessment: a national 2024 cycle and a national 2025 cycle, each with one published run
grading A, B and D, and a Jiangsu 2025 cycle whose only run (A, D) is done, not published:

- 2024 (published): A excellent, B fail, D pass;
- 2025 (published): A good, B pass, D pass — A down, B up, D same;
- Jiangsu 2025 (unpublished): A excellent, D good.

Rectification in A: one open (deadline ahead), one overdue, one done. Collaboration in A: one
active resource and one withdrawn, a project with a contribution of 1,000.50 and an
allocation of 300. Talent in A: one published talent need for 12 people, one awaiting review;
a matched round with two students placed and one not. Policy: a Jiangsu programme with an
award of 200,000 (50,000 disbursed) and a Guangdong programme with one of 80,000.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from iecommons.assessment.models import (
    AssessmentCycle,
    EvaluationRun,
    Publication,
    RectificationTask,
    Result,
)
from iecommons.collaboration.models import Resource
from iecommons.policy.models import Application, IncentiveProgramme
from iecommons.projects.models import BenefitAllocation, Contribution, Participant, Project
from iecommons.registry.models import Community, Organization
from iecommons.talent.models import (
    InternshipPosition,
    ListStatus,
    Placement,
    PlacementRound,
    Student,
    TalentNeed,
)
from tests.assessment.runs_world import make_cycle, make_framework
from tests.factories import CommunityFactory, MembershipFactory, OrganizationFactory
from tests.fixtures import World

TODAY = datetime.date(2026, 6, 1)


@dataclass
class DashboardWorld:
    world: World
    community_c: Community
    community_d: Community
    cycles: list[AssessmentCycle]
    runs: list[EvaluationRun]


def _run(cycle: AssessmentCycle, grades: dict[Community, str], *, published: bool) -> EvaluationRun:
    run = EvaluationRun.objects.create(
        cycle=cycle,
        framework=cycle.framework,
        framework_version=1,
        engine_version="test",
        input_sha256="0" * 64,
        status=EvaluationRun.Status.DONE,
    )
    for rank, (community, grade) in enumerate(grades.items(), start=1):
        Result.objects.create(
            run=run, community=community, score=100.0 - rank, grade=grade, rank=rank
        )
    if published:
        Publication.objects.create(cycle=cycle, run=run)
    return run


def _task(world: World, cycle: AssessmentCycle, indicator, deadline: datetime.date, status: str):
    return RectificationTask.objects.create(
        community=world.community_a,
        cycle=cycle,
        indicator=indicator,
        description="提高理事会会议频次",
        deadline=deadline,
        status=status,
    )


def _collaboration(world: World) -> None:
    for status in (Resource.Status.ACTIVE, Resource.Status.WITHDRAWN):
        Resource.objects.create(
            community=world.community_a,
            owner=world.member_a,
            name=f"实训基地（{status}）",
            type=Resource.Type.TRAINING_BASE,
            capacity=2,
            status=status,
        )
    project = Project.objects.create(
        community=world.community_a,
        type=Project.Type.JOINT_RD,
        title="转向架智能检测",
        status=Project.Status.RUNNING,
        start=datetime.date(2025, 1, 1),
    )
    participant = Participant.objects.create(
        project=project, organization=world.member_a, role=Participant.Role.LEAD
    )
    Contribution.objects.create(
        participant=participant,
        organization=world.member_a,
        kind=Contribution.Kind.CASH,
        value=Decimal("1000.50"),
        date=datetime.date(2025, 3, 1),
        year=2025,
    )
    BenefitAllocation.objects.create(
        project=project,
        description="技术许可收入",
        amount=Decimal("300.00"),
        date=datetime.date(2025, 6, 1),
        rule="proportional",
    )


def _talent(world: World) -> None:
    for status in (ListStatus.PUBLISHED, ListStatus.SUBMITTED):
        TalentNeed.objects.create(
            community=world.community_a,
            organization=world.member_a,
            status=status,
            occupation_code="6-30-99-00",
            title="轨道车辆装调工",
            skill_level=TalentNeed.SkillLevel.SENIOR,
            headcount=12,
            region=world.community_a.region,
            salary_min=6000,
            salary_max=9000,
            period_start=datetime.date(2026, 7, 1),
            period_end=datetime.date(2026, 12, 31),
        )
    college = world.community_a.memberships.get(organization__type="higher_vocational")
    placement_round = PlacementRound.objects.create(
        community=world.community_a,
        college=college.organization,
        title="2026 岗位实习",
        cohort_year=2023,
        starts=datetime.date(2026, 7, 1),
        status=PlacementRound.Status.MATCHED,
    )
    position = InternshipPosition.objects.create(
        round=placement_round,
        enterprise=world.member_a,
        title="装调实习生",
        seats=2,
        location="常州",
        monthly_pay=3000,
        regular_wage=5000,
        host_staff=500,
        position_staff=50,
    )
    for number in range(3):
        student = Student.objects.create(
            college=college.organization,
            name=f"学生{number}",
            student_number=f"2023{number:04d}",
            major_code="460305",
            year=2023,
            birth_date=datetime.date(2005, 3, 1),
        )
        Placement.objects.create(
            round=placement_round,
            student=student,
            position=position if number < 2 else None,
            lottery=number,
        )


def _policy(world: World) -> None:
    for region, amount, organization in (
        (world.community_a.province, "200000.00", world.member_a),
        (world.community_b.province, "80000.00", world.member_b),
    ):
        programme = IncentiveProgramme.objects.create(
            title=f"{region.name_zh}产教融合专项资金",
            kind=IncentiveProgramme.Kind.SPECIAL_FUND,
            jurisdiction=region,
            status=IncentiveProgramme.Status.OPEN,
            opens=datetime.date(2026, 1, 1),
            deadline=datetime.date(2026, 6, 30),
            spend_by=datetime.date(2026, 12, 31),
            original_budget=Decimal("1000000.00"),
            budget=Decimal("1000000.00"),
        )
        Application.objects.create(
            programme=programme,
            organization=organization,
            community=world.community_a if organization == world.member_a else world.community_b,
            amount_requested=Decimal(amount),
            purpose="共建实训基地",
            status=Application.Status.AWARDED,
            amount_awarded=Decimal(amount),
            amount_disbursed=Decimal("50000.00")
            if organization == world.member_a
            else Decimal("0.00"),
            decided_at=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC),
        )


@pytest.fixture
def dashboard_world(world: World) -> DashboardWorld:
    a, b = world.community_a, world.community_b
    c = CommunityFactory(
        name="丙共同体", name_en="Community C", level=Community.Level.NATIONAL, region=a.region
    )
    d = CommunityFactory(
        name="丁共同体",
        name_en="Community D",
        level=Community.Level.MUNICIPAL,
        kind=Community.Kind.MUNICIPAL,
        region=a.region,
        status=Community.Status.DISSOLVED,
        founded=datetime.date(2024, 5, 1),
    )
    college = OrganizationFactory(
        name="常州机电职业技术学院", type=Organization.Type.HIGHER_VOCATIONAL
    )
    MembershipFactory(community=a, organization=college)
    MembershipFactory(community=a, left=datetime.date(2025, 2, 1))
    framework, indicators = make_framework()
    national_2024 = make_cycle(framework, [a, b, d], year=2024)
    national_2025 = make_cycle(framework, [a, b, d], year=2025)
    jiangsu_2025 = make_cycle(framework, [a, d], year=2025, jurisdiction=a.province)
    jiangsu_2025.name = "江苏省2025年度评价"
    jiangsu_2025.save(update_fields=["name"])
    runs = [
        _run(national_2024, {a: "excellent", b: "fail", d: "pass"}, published=True),
        _run(national_2025, {a: "good", b: "pass", d: "pass"}, published=True),
        _run(jiangsu_2025, {a: "excellent", d: "good"}, published=False),
    ]
    indicator = indicators["G1"]
    _task(world, national_2024, indicator, TODAY + datetime.timedelta(days=30), "open")
    _task(world, national_2024, indicator, TODAY - datetime.timedelta(days=1), "open")
    _task(world, national_2024, indicator, TODAY - datetime.timedelta(days=90), "done")
    _collaboration(world)
    _talent(world)
    _policy(world)
    return DashboardWorld(
        world=world,
        community_c=c,
        community_d=d,
        cycles=[national_2024, national_2025, jiangsu_2025],
        runs=runs,
    )
