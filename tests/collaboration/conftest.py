"""The collaboration area's test world, built on the named people of ``tests.fixtures``.

- ``owner``: organisation, active member of community A, that shares ``resource``;
  ``owner_rep`` represents it;
- ``representative`` (of ``member_a``) is the one who requests bookings;
- ``resource``: a lab of A with capacity 1, open Monday to Friday 08:00–18:00;
- ``monday``: a Monday at least a week ahead, at midnight local time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from iecommons.accounts.models import Role, User
from iecommons.collaboration.models import AvailabilityWindow, Booking, Resource
from iecommons.registry.models import Organization
from tests.factories import MembershipFactory, UserFactory, grant
from tests.fixtures import World


@dataclass
class Collab:
    world: World
    owner: Organization
    owner_rep: User
    resource: Resource
    monday: datetime.datetime

    def at(self, day: int, hour: int, minute: int = 0) -> datetime.datetime:
        """``day`` days after ``monday``, at ``hour:minute`` local time."""
        return self.monday + datetime.timedelta(days=day, hours=hour, minutes=minute)


def next_monday(weeks_ahead: int = 1) -> datetime.datetime:
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=7 * weeks_ahead - today.weekday())
    return datetime.datetime.combine(
        monday, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def make_resource(owner: Organization, community, **fields) -> Resource:  # type: ignore[no-untyped-def]
    values = {"name": "数控实训中心", "type": Resource.Type.LAB, "capacity": 1, "unit": "间"}
    values.update(fields)
    resource = Resource.objects.create(community=community, owner=owner, **values)
    AvailabilityWindow.objects.bulk_create(
        [
            AvailabilityWindow(
                resource=resource,
                weekday=weekday,
                start_time=datetime.time(8),
                end_time=datetime.time(18),
            )
            for weekday in range(5)
        ]
    )
    return resource


def make_booking(resource: Resource, organization: Organization, start, end, **fields) -> Booking:  # type: ignore[no-untyped-def]
    values = {"quantity": 1, "purpose": "实训课", "status": Booking.Status.PENDING}
    values.update(fields)
    return Booking.objects.create(
        resource=resource, organization=organization, start=start, end=end, **values
    )


@pytest.fixture
def collab(world: World) -> Collab:
    owner = MembershipFactory(community=world.community_a).organization
    owner_rep = UserFactory(username="owner_rep", email="owner@example.com")
    grant(owner_rep, Role.MEMBER, organization=owner)
    world.representative.email = "representative@example.com"
    world.representative.save(update_fields=["email"])
    world.secretary.email = "secretary@example.com"
    world.secretary.save(update_fields=["email"])
    resource = make_resource(owner, world.community_a)
    return Collab(
        world=world, owner=owner, owner_rep=owner_rep, resource=resource, monday=next_monday()
    )
