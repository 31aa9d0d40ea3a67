"""Requests left unanswered past the community's time limit go to the secretariat."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from iecommons.collaboration.models import Booking, CollaborationSettings
from iecommons.collaboration.services.bookings import bookings_escalate_overdue
from iecommons.collaboration.tasks import escalate_overdue_bookings
from iecommons.common.models import Notification
from tests.collaboration.conftest import make_booking


def _aged(booking: Booking, hours: float) -> Booking:
    Booking.objects.filter(pk=booking.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=hours)
    )
    return booking


@pytest.mark.django_db
def test_an_overdue_request_is_escalated_once_and_the_secretariat_is_told(
    collab, django_capture_on_commit_callbacks
):
    overdue = _aged(
        make_booking(collab.resource, collab.world.member_a, collab.at(0, 9), collab.at(0, 10)), 73
    )
    fresh = _aged(
        make_booking(collab.resource, collab.world.member_a, collab.at(1, 9), collab.at(1, 10)), 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert bookings_escalate_overdue() == [overdue.pk]
    overdue.refresh_from_db()
    fresh.refresh_from_db()
    assert overdue.escalated_at is not None
    assert fresh.escalated_at is None
    assert Notification.objects.filter(recipient=collab.world.secretary).count() == 1
    assert not Notification.objects.filter(recipient=collab.world.outsider).exists()
    assert mail.outbox[0].to == ["secretary@example.com"]
    assert bookings_escalate_overdue() == []


@pytest.mark.django_db
def test_the_communitys_own_time_limit_applies(collab):
    CollaborationSettings.objects.create(
        community=collab.world.community_a, booking_response_hours=4
    )
    booking = _aged(
        make_booking(collab.resource, collab.world.member_a, collab.at(0, 9), collab.at(0, 10)), 5
    )
    assert bookings_escalate_overdue() == [booking.pk]


@pytest.mark.django_db
def test_answered_requests_are_not_escalated(collab):
    _aged(
        make_booking(
            collab.resource,
            collab.world.member_a,
            collab.at(0, 9),
            collab.at(0, 10),
            status=Booking.Status.APPROVED,
        ),
        100,
    )
    assert bookings_escalate_overdue() == []


@pytest.mark.django_db
def test_the_management_command_escalates(collab, capsys):
    _aged(
        make_booking(collab.resource, collab.world.member_a, collab.at(0, 9), collab.at(0, 10)), 80
    )
    call_command("escalate_bookings")
    assert "escalated 1" in capsys.readouterr().out
    assert Booking.objects.get().escalated_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_task_runs_through_the_real_queue_and_worker(collab):
    booking = _aged(
        make_booking(collab.resource, collab.world.member_a, collab.at(0, 9), collab.at(0, 10)), 80
    )
    result = escalate_overdue_bookings.enqueue()
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    finally:
        # The worker may leave a connection open; PostgreSQL then cannot drop the test DB.
        connections.close_all()
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == [booking.pk]
    booking.refresh_from_db()
    assert booking.escalated_at is not None
