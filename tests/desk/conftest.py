"""The desks' test world: the named people of ``tests.fixtures`` and an open cycle over both
communities, with a thread, a pending booking and a rectification task in community A."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from iecommons.assessment.models import AssessmentCycle
from iecommons.assessment.services.cycles import cycle_open
from iecommons.assessment.services.frameworks import default_framework_load
from iecommons.collaboration.models import Booking, Thread
from tests.collaboration.conftest import make_booking, make_resource, next_monday
from tests.factories import MembershipFactory
from tests.fixtures import World


@pytest.fixture
def cycle(world: World) -> AssessmentCycle:
    today = timezone.localdate()
    return cycle_open(
        actor=world.supervisor,
        name="2025 年度评价",
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        framework=default_framework_load(),
        communities=[world.community_a, world.community_b],
        submission_deadline=today + datetime.timedelta(days=10),
        verification_deadline=today + datetime.timedelta(days=40),
        judgment_deadline=today + datetime.timedelta(days=40),
    )


@pytest.fixture
def activity(world: World) -> Booking:
    owner = MembershipFactory(community=world.community_a).organization
    resource = make_resource(owner, world.community_a)
    monday = next_monday()
    Thread.objects.create(
        community=world.community_a, title="实训基地共建讨论", last_post_at=timezone.now()
    )
    return make_booking(
        resource,
        world.member_a,
        monday + datetime.timedelta(hours=9),
        monday + datetime.timedelta(hours=11),
        requested_by=world.representative,
    )


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client
