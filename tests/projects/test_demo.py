"""The demo seed: deterministic, all three rules, allocations that add up."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.db.models import Sum

from iecommons.projects.demo import seed_projects
from iecommons.projects.models import AllocationShare, BenefitAllocation, Project
from tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _communities():
    national = CommunityFactory(level="national")
    regional = CommunityFactory()
    for community in (national, regional):
        for _ in range(6):
            MembershipFactory(community=community, duties="每年提供实习岗位", role="lead_unit")
    return [national, regional]


def _fingerprint() -> list[tuple]:
    return list(
        BenefitAllocation.objects.order_by("id").values_list("rule", "amount", "project__title")
    )


def test_the_demo_seed_uses_every_rule_and_every_allocation_adds_up(db):
    communities = _communities()
    counts = seed_projects(rng=random.Random(7), communities=communities)
    assert counts["projects"] >= 12
    assert set(BenefitAllocation.objects.values_list("rule", flat=True)) == {
        "proportional",
        "fixed_shares",
        "shapley",
    }
    for allocation in BenefitAllocation.objects.all():
        total = AllocationShare.objects.filter(allocation=allocation).aggregate(t=Sum("amount"))
        assert total["t"] == allocation.amount
    assert Project.objects.filter(benefit_rule="shapley").exclude(coalition_values={}).exists()
    assert counts["commitments"] > 0


def test_the_demo_seed_is_deterministic(db):
    communities = _communities()
    seed_projects(rng=random.Random(7), communities=communities)
    first = _fingerprint()
    BenefitAllocation.objects.all().delete()
    Project.objects.all().delete()
    seed_projects(rng=random.Random(7), communities=communities)
    assert [row[:2] for row in _fingerprint()] == [row[:2] for row in first]
    assert all(isinstance(row[1], Decimal) for row in first)
