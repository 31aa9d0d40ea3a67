"""A small assessment world for the run tests: one framework (two dimensions, four
indicators, one of them "lower is better"), cycles over community A, B and four more, and
values that make A the best and B the worst."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from iecommons.assessment.models import (
    AssessmentCycle,
    Indicator,
    IndicatorFramework,
    IndicatorValue,
)
from iecommons.registry.models import Community
from tests.factories import CommunityFactory
from tests.fixtures import World

CODES = ("G1", "G2", "T1", "T2")
#: Base values of the extra communities; A gets the best, B the worst.
EXTRA_VALUES = (
    (5.0, 3.0, 50.0, 4.0),
    (6.0, 2.5, 55.0, 5.0),
    (4.0, 3.5, 45.0, 3.0),
    (5.5, 2.0, 60.0, 6.0),
)
A_VALUES = (9.0, 1.0, 90.0, 9.0)
B_VALUES = (1.0, 6.0, 10.0, 1.0)


@dataclass
class AssessmentWorld:
    framework: IndicatorFramework
    cycle: AssessmentCycle
    communities: list[Community]
    indicators: dict[str, Indicator]


def make_framework() -> tuple[IndicatorFramework, dict[str, Indicator]]:
    framework = IndicatorFramework.objects.create(
        name="测试框架", name_en="Test framework", status=IndicatorFramework.Status.FROZEN
    )
    governance = Indicator.objects.create(
        framework=framework, code="GOV", name_zh="组织治理", name_en="Governance", order=1
    )
    talent = Indicator.objects.create(
        framework=framework, code="TAL", name_zh="人才培养", name_en="Talent", order=2
    )
    specs = [
        ("G1", governance, "理事会会议", "Council meetings", "次", Indicator.Direction.HIGHER),
        ("G2", governance, "成员退出率", "Member exit rate", "%", Indicator.Direction.LOWER),
        ("T1", talent, "订单班学生", "Order-class students", "人", Indicator.Direction.HIGHER),
        ("T2", talent, "双师型教师", "Dual-qualified teachers", "%", Indicator.Direction.HIGHER),
    ]
    indicators = {"GOV": governance, "TAL": talent}
    for order, (code, parent, zh, en, unit, direction) in enumerate(specs, start=1):
        indicators[code] = Indicator.objects.create(
            framework=framework,
            parent=parent,
            code=code,
            name_zh=zh,
            name_en=en,
            unit=unit,
            unit_en=unit,
            direction=direction,
            order=order,
        )
    return framework, indicators


def make_cycle(
    framework: IndicatorFramework,
    communities: list[Community],
    *,
    year: int = 2024,
    jurisdiction: object = None,
) -> AssessmentCycle:
    cycle = AssessmentCycle.objects.create(
        name=f"{year}年度评价",
        year=year,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        framework=framework,
        jurisdiction=jurisdiction,  # type: ignore[misc]
        submission_deadline=datetime.date(year + 1, 3, 1),
        verification_deadline=datetime.date(year + 1, 4, 1),
        judgment_deadline=datetime.date(year + 1, 4, 1),
    )
    cycle.communities.set(communities)
    return cycle


def fill_values(
    cycle: AssessmentCycle,
    communities: list[Community],
    indicators: dict[str, Indicator],
    *,
    shift: float = 0.0,
    skip: tuple[tuple[int, str], ...] = (),
) -> None:
    rows = [A_VALUES, B_VALUES, *EXTRA_VALUES]
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                cycle=cycle,
                community=community,
                indicator=indicators[code],
                value=rows[i][j] + shift,
                status=IndicatorValue.Status.VERIFIED,
            )
            for i, community in enumerate(communities)
            for j, code in enumerate(CODES)
            if (community.pk, code) not in skip
        ]
    )


def assessment_world(world: World) -> AssessmentWorld:
    framework, indicators = make_framework()
    extras = [
        CommunityFactory(field=world.community_a.field, level=world.community_a.level)
        for _ in EXTRA_VALUES
    ]
    communities = [world.community_a, world.community_b, *extras]
    cycle = make_cycle(framework, communities)
    fill_values(cycle, communities, indicators)
    return AssessmentWorld(
        framework=framework, cycle=cycle, communities=communities, indicators=indicators
    )
