"""Utilisation rates against a hand-computed week."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from iecommons.collaboration.calendar import peak_load
from iecommons.collaboration.models import Booking, Closure, Resource, Usage
from iecommons.collaboration.selectors import community_utilisation, resource_utilisation
from tests.collaboration.conftest import make_booking, make_resource

pytestmark = pytest.mark.django_db


def _used(resource, organization, start, hours_booked, quantity, hours_used, units_used):
    booking = make_booking(
        resource,
        organization,
        start,
        start + datetime.timedelta(hours=hours_booked),
        quantity=quantity,
        status=Booking.Status.COMPLETED,
    )
    Usage.objects.create(booking=booking, hours=Decimal(hours_used), quantity=units_used)


@pytest.fixture
def week(collab):
    """Capacity 2, open Mon–Fri 08–18: 5 × 10 h × 2 = 100 unit-hours, minus a 2-hour
    closure on Tuesday (× 2 units) = 96. Used: 3 h × 2 on Monday + 1.5 h × 1 on
    Wednesday = 7.5 unit-hours; a use the week before does not count."""
    stations = make_resource(collab.owner, collab.world.community_a, name="工位", capacity=2)
    Closure.objects.create(resource=stations, start=collab.at(1, 12), end=collab.at(1, 14))
    member = collab.world.member_a
    _used(stations, member, collab.at(0, 9), 3, 2, "3", 2)
    _used(stations, member, collab.at(2, 9), 2, 1, "1.5", 1)
    _used(stations, member, collab.at(-7, 9), 3, 2, "3", 2)
    return stations, (collab.monday, collab.at(7, 0))


def test_resource_utilisation_matches_the_hand_computed_week(week):
    stations, period = week
    utilisation = resource_utilisation(stations, *period)
    assert utilisation.available_hours == pytest.approx(96)
    assert utilisation.used_hours == pytest.approx(7.5)
    assert utilisation.rate == pytest.approx(7.5 / 96)


def test_community_utilisation_pools_its_active_resources(collab, week):
    _stations, period = week
    # ``collab.resource`` (capacity 1, Mon–Fri 08–18): 50 available hours, unused.
    # A resource without windows is open around the clock: 168 hours.
    make_resource(collab.owner, collab.world.community_a, name="数据集")
    always = Resource.objects.create(
        community=collab.world.community_a, owner=collab.owner, name="专利", type="patent"
    )
    withdrawn = make_resource(
        collab.owner, collab.world.community_a, name="旧设备", status=Resource.Status.WITHDRAWN
    )
    _used(withdrawn, collab.world.member_a, collab.at(0, 9), 1, 1, "1", 1)
    utilisation = community_utilisation(collab.world.community_a, *period)
    assert always.windows.count() == 0
    assert utilisation.available_hours == pytest.approx(96 + 50 + 50 + 168)
    assert utilisation.used_hours == pytest.approx(7.5)


def test_a_resource_with_nothing_available_has_no_rate(collab):
    utilisation = resource_utilisation(collab.resource, collab.at(5, 0), collab.at(7, 0))
    assert utilisation.available_hours == 0
    assert utilisation.rate is None


def test_peak_load_treats_touching_intervals_as_separate():
    t = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    hour = datetime.timedelta(hours=1)
    assert peak_load([(t, t + hour, 1), (t + hour, t + 2 * hour, 1)]) == 1
    assert peak_load([(t, t + 2 * hour, 1), (t + hour, t + 3 * hour, 2)]) == 3
