"""A desk costs the same number of queries for one community, organisation or cycle as for
many (the few-versus-many pattern of ``tests/api/test_query_counts.py``)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iecommons.accounts.models import Role
from iecommons.assessment.models import RectificationTask
from iecommons.collaboration.models import Thread
from tests.desk.conftest import signed_in
from tests.factories import CommunityFactory, MembershipFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def _queries(user) -> int:  # type: ignore[no-untyped-def]
    client = signed_in(user)
    client.get("/desk/")  # the session and the language settle on the first request
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/desk/").status_code == 200
    return len(captured)


def _community_with_activity(cycle, indicator):  # type: ignore[no-untyped-def]
    community = CommunityFactory()
    for _number in range(2):
        MembershipFactory(community=community)
    cycle.communities.add(community)
    Thread.objects.create(community=community, title="讨论", last_post_at=timezone.now())
    RectificationTask.objects.create(
        community=community,
        cycle=cycle,
        indicator=indicator,
        description="提高企业成员占比",
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    return community


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.MEMBER, Role.SUPERVISOR, Role.EXPERT])
def test_a_desk_costs_the_same_for_one_as_for_many(world, cycle, role):
    indicator = cycle.framework.indicators.filter(children__isnull=True).first()
    person = UserFactory(username="busy")

    def add(count: int) -> None:
        for _number in range(count):
            community = _community_with_activity(cycle, indicator)
            if role == Role.SECRETARIAT:
                grant(person, Role.SECRETARIAT, community=community)
            elif role == Role.MEMBER:
                organization = MembershipFactory(community=community).organization
                grant(person, Role.MEMBER, organization=organization)
            elif role == Role.EXPERT:
                grant(person, Role.EXPERT, community=community)
        if role == Role.SUPERVISOR and not person.role_assignments.exists():
            grant(person, Role.SUPERVISOR)

    add(1)
    few = _queries(person)
    add(4)
    many = _queries(person)
    assert many == few
