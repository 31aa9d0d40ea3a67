"""Derived formulas over the collaboration and projects records: value equals a hand
count, and the trace lists the records counted."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from iecommons.assessment.models import AssessmentCycle, IndicatorValue
from iecommons.assessment.services.derived import compute_derived
from iecommons.collaboration.models import Booking, Resource, Usage
from iecommons.projects.models import Contribution, Participant, Project
from iecommons.registry.models import Organization
from tests.factories import MembershipFactory, OrganizationFactory
from tests.fixtures import World


def _value(cycle: AssessmentCycle, world: World, code: str) -> IndicatorValue:
    return IndicatorValue.objects.get(
        cycle=cycle, community=world.community_a, indicator__code=code
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_shared_resource_utilisation_is_used_over_available_hours(
    world: World, cycle: AssessmentCycle
) -> None:
    # No availability windows: open around the clock, 365 × 24 = 8,760 unit-hours in 2025.
    resource = Resource.objects.create(
        community=world.community_a,
        owner=world.member_a,
        name="数控实训中心",
        type=Resource.Type.LAB,
        capacity=1,
    )
    booking = Booking.objects.create(
        resource=resource,
        organization=world.member_a,
        start=_at(datetime.date(2025, 3, 3), 8),
        end=_at(datetime.date(2025, 3, 3), 18),
        quantity=1,
        purpose="实训课",
    )
    Usage.objects.create(booking=booking, hours=Decimal("876"), quantity=1)
    compute_derived(cycle=cycle, community=world.community_a)
    value = _value(cycle, world, "D2.1")
    assert value.value == pytest.approx(10.0)
    assert [r["id"] for r in value.trace["records"]] == [resource.pk]
    assert value.trace["used_unit_hours"] == pytest.approx(876.0)


def test_joint_projects_per_ten_members_counts_running_and_completed_projects(
    world: World, cycle: AssessmentCycle
) -> None:
    for _number in range(4):  # 5 active members with the world's own
        MembershipFactory(community=world.community_a)
    running = Project.objects.create(
        community=world.community_a,
        type=Project.Type.JOINT_RD,
        title="联合研发",
        start=datetime.date(2024, 5, 1),
        status=Project.Status.RUNNING,
    )
    Project.objects.create(
        community=world.community_a,
        type=Project.Type.COURSE,
        title="取消的项目",
        start=datetime.date(2025, 2, 1),
        status=Project.Status.CANCELLED,
    )
    Project.objects.create(
        community=world.community_a,
        type=Project.Type.COURSE,
        title="已结束的旧项目",
        start=datetime.date(2022, 2, 1),
        end=datetime.date(2023, 12, 31),
        status=Project.Status.COMPLETED,
    )
    compute_derived(cycle=cycle, community=world.community_a)
    value = _value(cycle, world, "D2.2")
    assert value.value == pytest.approx(10 * 1 / 5)
    assert [r["id"] for r in value.trace["records"]] == [running.pk]
    assert value.trace["members"] == 5


def test_enterprise_input_sums_cash_and_in_kind_of_enterprises_in_10000_cny(
    world: World, cycle: AssessmentCycle
) -> None:
    school = OrganizationFactory(type=Organization.Type.HIGHER_VOCATIONAL)
    project = Project.objects.create(
        community=world.community_a,
        type=Project.Type.JOINT_RD,
        title="联合研发",
        start=datetime.date(2025, 1, 1),
        status=Project.Status.RUNNING,
    )
    enterprise = Participant.objects.create(project=project, organization=world.member_a)
    college = Participant.objects.create(project=project, organization=school)

    def contribute(
        participant: Participant, kind: str, value: str, day: datetime.date
    ) -> Contribution:
        return Contribution.objects.create(
            participant=participant,
            organization=participant.organization,
            kind=kind,
            value=Decimal(value),
            date=day,
            year=day.year,
        )

    cash = contribute(enterprise, "cash", "300000", datetime.date(2025, 3, 1))
    in_kind = contribute(enterprise, "in_kind", "120000", datetime.date(2025, 6, 1))
    contribute(enterprise, "staff_hours", "50000", datetime.date(2025, 6, 1))  # not cash
    contribute(enterprise, "cash", "90000", datetime.date(2024, 12, 31))  # before the period
    contribute(college, "cash", "70000", datetime.date(2025, 6, 1))  # not an enterprise
    compute_derived(cycle=cycle, community=world.community_a)
    value = _value(cycle, world, "D2.3")
    assert value.value == pytest.approx(42.0)
    assert [r["id"] for r in value.trace["records"]] == [cash.pk, in_kind.pk]
