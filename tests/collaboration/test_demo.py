"""The collaboration demo: deterministic, every booking state, never a double booking."""

from __future__ import annotations

import random

import pytest

from iecommons.collaboration.calendar import peak_load
from iecommons.collaboration.demo import seed_collaboration
from iecommons.collaboration.models import Booking, Resource, Usage
from iecommons.registry.models import Community
from tests.factories import CommunityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communities(world):
    national = CommunityFactory(name="国家轨道交通装备共同体", level=Community.Level.NATIONAL)
    for community in (national, world.community_a, world.community_b):
        for _ in range(4):
            MembershipFactory(community=community)
    return Community.objects.select_related("region").order_by("pk")


def test_the_demo_has_bookings_in_every_state_and_use_for_completed_ones(communities):
    counts = seed_collaboration(rng=random.Random(7), communities=communities)
    assert counts["communities"] == 3
    national = Resource.objects.filter(community__level="national").count()
    assert national == 8
    statuses = set(Booking.objects.values_list("status", flat=True))
    assert {"completed", "pending", "approved"} <= statuses
    assert Usage.objects.count() == Booking.objects.filter(status="completed").count()


def test_the_demo_never_books_a_resource_beyond_its_capacity(communities):
    seed_collaboration(rng=random.Random(7), communities=communities)
    for resource in Resource.objects.all():
        rows = resource.bookings.filter(status__in=Booking.HOLDING).values_list(
            "start", "end", "quantity"
        )
        assert peak_load(rows) <= resource.capacity


def test_the_demo_is_deterministic(communities):
    first = seed_collaboration(rng=random.Random(7), communities=communities)
    names = list(Resource.objects.order_by("pk").values_list("name", "capacity"))
    Resource.objects.all().delete()
    second = seed_collaboration(rng=random.Random(7), communities=communities)
    assert first == second
    assert list(Resource.objects.order_by("pk").values_list("name", "capacity")) == names


def test_the_demo_leaves_overdue_requests_for_the_escalation_task(communities):
    from iecommons.collaboration.services.bookings import bookings_escalate_overdue

    seed_collaboration(rng=random.Random(7), communities=communities)
    pending = Booking.objects.filter(status="pending").count()
    escalated = bookings_escalate_overdue()  # what the escalation task runs under its lease
    assert 0 < len(escalated) <= pending
