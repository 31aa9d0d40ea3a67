"""The talent demo: lists in national and regional communities, a completed round, accounts."""

from __future__ import annotations

import random

import pytest

from iecommons.registry.models import Organization
from iecommons.talent.demo import seed_talent
from iecommons.talent.matching import round_blocking_pairs
from iecommons.talent.models import (
    ListStatus,
    Placement,
    PlacementRound,
    Student,
    TalentNeed,
)
from tests.factories import CommunityFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _communities():
    national = CommunityFactory(level="national")
    regional = CommunityFactory()
    for community in (national, regional):
        for k in range(6):
            kind = Organization.Type.HIGHER_VOCATIONAL if k < 2 else Organization.Type.ENTERPRISE
            MembershipFactory(community=community, organization=OrganizationFactory(type=kind))
    return national, regional


def test_the_demo_has_lists_a_stable_completed_round_and_its_accounts(db):
    national, regional = _communities()
    counts = seed_talent(rng=random.Random(3), regional=[regional])
    assert counts["talent needs"] > 0
    assert TalentNeed.objects.filter(community=regional).exists()
    assert TalentNeed.objects.filter(community=national, status=ListStatus.PUBLISHED).exists()
    placement_round = PlacementRound.objects.get(community=national)
    assert placement_round.status == PlacementRound.Status.MATCHED
    assert Student.objects.count() == counts["students"] == 3000
    assert Placement.objects.filter(round=placement_round, position__isnull=False).count() > 2000
    assert round_blocking_pairs(placement_round) == []
    intern = Student.objects.get(user__username="intern")
    assert Placement.objects.get(student=intern).position is not None


def test_the_demo_has_programmes_built_with_industry(db, settings, tmp_path):
    from iecommons.talent.models import Cohort, Course, EnterpriseMentor, Teacher
    from iecommons.talent.skills import vocabulary

    settings.MEDIA_ROOT = tmp_path
    national, regional = _communities()
    counts = seed_talent(rng=random.Random(3), regional=[regional], students=400)
    courses = Course.objects.filter(community=national)
    assert courses.count() == counts["courses"] > 0
    assert all(course.partners.exists() for course in courses)
    assert all(set(course.skills) <= set(vocabulary()) for course in courses)
    assert Teacher.objects.filter(dual_qualified=True).exists()
    assert EnterpriseMentor.objects.filter(community=national).count() == counts["mentors"]
    graduated = Cohort.objects.filter(community=national, hired__isnull=False)
    assert graduated.exists()
    assert all(c.retained <= c.hired <= c.completed <= c.size for c in graduated)
    assert counts["agreements"] > 0
    assert not Course.objects.filter(community=regional).exists()
