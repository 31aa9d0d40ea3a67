"""Booking rules: the calendar, overlaps, capacity, and who may request."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from iecommons.collaboration import services
from iecommons.collaboration.models import Booking, Closure
from tests.collaboration.conftest import make_booking, make_resource

pytestmark = pytest.mark.django_db


def request(collab, start, end, **kwargs):
    values = {
        "actor": collab.world.representative,
        "resource": collab.resource,
        "organization": collab.world.member_a,
        "start": start,
        "end": end,
        "purpose": "数控车床实训",
    }
    values.update(kwargs)
    return services.booking_request(**values)


def test_a_member_representative_requests_a_free_slot(collab):
    booking = request(collab, collab.at(0, 9), collab.at(0, 11))
    assert booking.status == Booking.Status.PENDING
    assert booking.organization == collab.world.member_a


def test_it_refuses_a_start_outside_the_opening_windows_naming_start(collab):
    with pytest.raises(ValidationError) as error:
        request(collab, collab.at(5, 9), collab.at(5, 11))  # a Saturday
    assert "start" in error.value.message_dict
    assert not Booking.objects.exists()


def test_it_refuses_a_booking_running_past_closing_time_naming_end(collab):
    with pytest.raises(ValidationError) as error:
        request(collab, collab.at(0, 17), collab.at(0, 19))
    assert "end" in error.value.message_dict


def test_it_refuses_a_booking_during_a_closure(collab):
    Closure.objects.create(
        resource=collab.resource, start=collab.at(1, 0), end=collab.at(2, 0), reason="设备检修"
    )
    with pytest.raises(ValidationError) as error:
        request(collab, collab.at(1, 9), collab.at(1, 10))
    assert "设备检修" in error.value.message_dict["start"][0]


def test_it_refuses_an_overlapping_booking_of_a_single_unit(collab):
    request(collab, collab.at(0, 9), collab.at(0, 11))
    with pytest.raises(ValidationError) as error:
        request(collab, collab.at(0, 10), collab.at(0, 12))
    assert "already booked" in error.value.message_dict["start"][0]
    assert Booking.objects.count() == 1


def test_back_to_back_bookings_do_not_overlap(collab):
    request(collab, collab.at(0, 9), collab.at(0, 11))
    request(collab, collab.at(0, 11), collab.at(0, 13))
    assert Booking.objects.count() == 2


def test_declined_and_cancelled_bookings_free_their_slot(collab):
    make_booking(
        collab.resource,
        collab.owner,
        collab.at(0, 9),
        collab.at(0, 11),
        status=Booking.Status.DECLINED,
    )
    make_booking(
        collab.resource,
        collab.owner,
        collab.at(0, 9),
        collab.at(0, 11),
        status=Booking.Status.CANCELLED,
    )
    assert request(collab, collab.at(0, 9), collab.at(0, 11)).pk


def test_capacity_counts_the_peak_not_the_sum_of_overlapping_bookings(collab):
    lab = make_resource(collab.owner, collab.world.community_a, name="实训工位", capacity=3)
    # Two bookings of 2 units that do not overlap each other: the peak is 2, not 4.
    make_booking(lab, collab.owner, collab.at(0, 9), collab.at(0, 10), quantity=2)
    make_booking(lab, collab.owner, collab.at(0, 10), collab.at(0, 11), quantity=2)
    assert request(collab, collab.at(0, 9), collab.at(0, 11), resource=lab, quantity=1).pk
    with pytest.raises(ValidationError) as error:
        request(collab, collab.at(0, 9, 30), collab.at(0, 10), resource=lab, quantity=1)
    assert "0 of 3" in error.value.message_dict["quantity"][0]


def test_it_refuses_more_units_than_the_capacity(collab):
    with pytest.raises(ValidationError) as error:
        request(collab, collab.at(0, 9), collab.at(0, 10), quantity=2)
    assert "quantity" in error.value.message_dict


def test_it_refuses_a_booking_in_the_past_or_ending_before_it_starts(collab):
    past = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        request(collab, past, past + datetime.timedelta(hours=1))
    assert "start" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        request(collab, collab.at(0, 11), collab.at(0, 9))
    assert "end" in error.value.message_dict


def test_a_representative_cannot_book_for_an_organisation_it_does_not_represent(collab):
    with pytest.raises(PermissionDenied):
        request(collab, collab.at(0, 9), collab.at(0, 10), organization=collab.owner)


def test_a_member_of_another_community_cannot_book(collab):
    with pytest.raises(PermissionDenied):
        request(
            collab,
            collab.at(0, 9),
            collab.at(0, 10),
            actor=collab.world.outsider,
            organization=collab.world.member_b,
        )


def test_a_former_member_cannot_book(collab):
    collab.world.membership_a.left = timezone.localdate()
    collab.world.membership_a.save()
    with pytest.raises(PermissionDenied):
        request(collab, collab.at(0, 9), collab.at(0, 10))


def test_a_booking_longer_than_a_month_is_refused(collab):
    collab.resource.windows.all().delete()
    with pytest.raises(ValidationError) as error:
        request(collab, collab.at(0, 9), collab.at(40, 9))
    assert "31" in error.value.message_dict["end"][0]
