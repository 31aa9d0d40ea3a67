"""A Jiangsu programme (province of community A), a national one and a Guangdong one.

``world.member_a`` (represented by ``representative``) is an active member of A since
2023-08-01 and is certified; applications are made on ``TODAY`` (2026-03-01), inside the window.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from iecommons.policy.models import Certification, CertificationCriteria, IncentiveProgramme
from iecommons.policy.services.programmes import programme_create
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
