"""A Jiangsu programme (province of community A), a national one and a Guangdong one.

``world.member_a`` (represented by ``representative``) is an active member of A since
2023-08-01 and is certified; applications are made on ``TODAY`` (2026-03-01), inside the window.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from iecommons.policy.models import (
    Application,
    Certification,
    CertificationCriteria,
    FundMovement,
    IncentiveProgramme,
)
from iecommons.policy.services.programmes import programme_create
from iecommons.projects.models import (
    AllocationShare,
    BenefitAllocation,
    Contribution,
    Participant,
    Project,
    SharingRule,
)
from iecommons.registry.models import Organization
from tests.factories import MembershipFactory
from tests.fixtures import World

TODAY = datetime.date(2026, 3, 1)

CONDITIONS = [
    {"fact": "certified", "op": "is", "value": True},
    {"fact": "membership_years", "op": ">=", "value": 2},
    {"fact": "overdue_rectifications", "op": "<=", "value": 0},
    {"fact": "community_level", "op": "in", "value": ["provincial", "municipal"]},
]


@dataclass
class Programmes:
    world: World
    jiangsu: IncentiveProgramme
    national: IncentiveProgramme
    guangdong: IncentiveProgramme


def certify(organization, province) -> Certification:
    criteria, _ = CertificationCriteria.objects.get_or_create(
        province=province, version=1, defaults={"items": [{"code": "c1", "text": "办学投入"}]}
    )
    return Certification.objects.create(
        organization=organization,
        province=province,
        criteria=criteria,
        status=Certification.Status.CERTIFIED,
        evidence={"c1": "证明"},
        pool_entered=datetime.date(2024, 1, 1),
        certified_on=datetime.date(2024, 6, 1),
    )


def open_programme(actor, jurisdiction, *, title="产教融合专项资金", budget="1000000.00", **extra):
    values = {
        "title": title,
        "kind": IncentiveProgramme.Kind.SPECIAL_FUND,
        "jurisdiction": jurisdiction,
        "budget": budget,
        "opens": datetime.date(2026, 1, 1),
        "deadline": datetime.date(2026, 6, 30),
        "spend_by": datetime.date(2026, 12, 31),
        "conditions": CONDITIONS,
    }
    values.update(extra)
    return programme_create(actor=actor, **values)


@pytest.fixture
def programmes(world: World) -> Programmes:
    certify(world.member_a, world.community_a.province)
    return Programmes(
        world=world,
        jiangsu=open_programme(world.provincial_supervisor, world.community_a.province),
        national=open_programme(world.supervisor, None, title="国家级产教融合奖补"),
        guangdong=open_programme(
            world.guangdong_supervisor, world.community_b.province, title="广东专项"
        ),
    )


AMOUNT = Decimal("200000.00")


# The hand-built ledger the policy lab calibrates from (see tests/policy/test_calibration.py).


def participant(project: Project, organization: Organization) -> Participant:
    return Participant.objects.create(project=project, organization=organization)


def contribute(participant: Participant, value: str, year: int) -> None:
    Contribution.objects.create(
        participant=participant,
        organization=participant.organization,
        kind=Contribution.Kind.CASH,
        value=Decimal(value),
        date=datetime.date(year, 5, 1),
        year=year,
    )


def _share(
    allocation: BenefitAllocation, participant: Participant, amount: str, *, current=True
) -> None:
    AllocationShare.objects.create(
        allocation=allocation,
        participant=participant,
        organization=participant.organization,
        basis=Decimal("1"),
        fraction=Decimal("0.5"),
        amount=Decimal(amount),
        year=allocation.date.year,
        current=current,
    )


def _project(community, title: str) -> Project:
    return Project.objects.create(
        community=community,
        title=title,
        type=Project.Type.JOINT_RD,
        start=datetime.date(2021, 1, 1),
    )


def _move(application: Application, kind: str, amount: str) -> None:
    movement = FundMovement.objects.create(
        programme=application.programme, application=application, kind=kind, amount=amount
    )
    FundMovement.objects.filter(pk=movement.pk).update(
        created_at=datetime.datetime(2025, 6, 1, 10, tzinfo=datetime.UTC)
    )


@pytest.fixture
def ledger(world: World) -> World:
    a, b = world.community_a, world.community_b
    e1 = world.member_a
    e2 = MembershipFactory(community=a).organization
    college = MembershipFactory(
        community=a, organization__type=Organization.Type.HIGHER_VOCATIONAL
    ).organization
    association = MembershipFactory(
        community=a, organization__type=Organization.Type.ASSOCIATION
    ).organization
    project = _project(a, "轨道交通装备联合研发")
    p1, p2, pk, pa = (participant(project, org) for org in (e1, e2, college, association))
    contribute(p1, "300000.00", 2024)
    contribute(p1, "100000.00", 2024)
    contribute(p1, "200000.00", 2025)
    contribute(p2, "400000.00", 2025)
    contribute(pk, "150000.00", 2025)
    contribute(p1, "999000.00", 2021)  # before the period
    contribute(pa, "777000.00", 2025)  # an association: neither side of the game
    elsewhere = participant(_project(b, "深圳联合研发"), world.member_b)
    contribute(elsewhere, "555000.00", 2025)  # Guangdong's
    allocation = BenefitAllocation.objects.create(
        project=project,
        description="技术许可收入",
        amount=Decimal("260000.00"),
        date=datetime.date(2025, 10, 1),
        rule=SharingRule.PROPORTIONAL,
    )
    _share(allocation, p1, "250000.00")
    _share(allocation, p2, "-50000.00")
    _share(allocation, pk, "60000.00")
    _share(allocation, p1, "500000.00", current=False)  # superseded
    programme = open_programme(world.provincial_supervisor, a.province)
    application = Application.objects.create(
        programme=programme,
        organization=e1,
        community=a,
        amount_requested=Decimal("200000.00"),
        purpose="共建实训基地",
        status=Application.Status.AWARDED,
        amount_awarded=Decimal("200000.00"),
        amount_disbursed=Decimal("170000.00"),
    )
    _move(application, FundMovement.Kind.DISBURSE, "120000.00")
    _move(application, FundMovement.Kind.DISBURSE, "80000.00")
    _move(application, FundMovement.Kind.RETURN, "30000.00")
    return world
