"""Approving, declining, cancelling and recording use, with the notifications they send."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from iecommons.collaboration import services
from iecommons.collaboration.models import Booking, Usage
from iecommons.common.models import AuditEntry, Notification
from tests.collaboration.conftest import make_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(collab, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.booking_request(
            actor=collab.world.representative,
            resource=collab.resource,
            organization=collab.world.member_a,
            start=collab.at(0, 9),
            end=collab.at(0, 12),
            purpose="数控车床实训",
        )


def test_a_request_notifies_the_owners_representatives_in_the_app_and_by_email(collab, pending):
    assert Notification.objects.filter(recipient=collab.owner_rep).count() == 1
    assert [message.to for message in mail.outbox] == [["owner@example.com"]]
    assert collab.resource.name in mail.outbox[0].subject
    assert AuditEntry.objects.filter(operation="booking_request").exists()


def test_the_owner_approves_and_the_requester_hears_of_it(
    collab, pending, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(actor=collab.owner_rep, booking=pending, comment="欢迎")
    pending.refresh_from_db()
    assert pending.status == Booking.Status.APPROVED
    assert pending.decided_by == collab.owner_rep
    assert [message.to for message in mail.outbox] == [["representative@example.com"]]
    assert "欢迎" in mail.outbox[0].body


def test_the_owner_declines_with_a_comment_and_the_slot_is_free_again(
    collab, pending, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_decline(actor=collab.owner_rep, booking=pending, comment="设备检修")
    assert Booking.objects.get().status == Booking.Status.DECLINED
    assert mail.outbox[0].to == ["representative@example.com"]
    again = services.booking_request(
        actor=collab.world.representative,
        resource=collab.resource,
        organization=collab.world.member_a,
        start=collab.at(0, 9),
        end=collab.at(0, 12),
        purpose="再次申请",
    )
    assert again.status == Booking.Status.PENDING


def test_declining_needs_a_comment(collab, pending):
    with pytest.raises(ValidationError) as error:
        services.booking_decline(actor=collab.owner_rep, booking=pending, comment=" ")
    assert "comment" in error.value.message_dict


def test_the_requester_cannot_approve_its_own_request(collab, pending):
    with pytest.raises(PermissionDenied):
        services.booking_approve(actor=collab.world.representative, booking=pending)


def test_another_communitys_secretariat_cannot_approve(collab, pending):
    with pytest.raises(PermissionDenied):
        services.booking_approve(actor=collab.world.outsider, booking=pending)


def test_the_secretariat_may_answer_a_request(collab, pending):
    services.booking_approve(actor=collab.world.secretary, booking=pending)
    assert Booking.objects.get().status == Booking.Status.APPROVED


def test_an_answered_request_cannot_be_answered_again(collab, pending):
    services.booking_approve(actor=collab.owner_rep, booking=pending)
    with pytest.raises(ValidationError) as error:
        services.booking_decline(actor=collab.owner_rep, booking=pending, comment="晚了")
    assert "status" in error.value.message_dict


def test_the_requester_cancels_and_the_owner_cannot(collab, pending):
    with pytest.raises(PermissionDenied):
        services.booking_cancel(actor=collab.owner_rep, booking=pending)
    services.booking_cancel(actor=collab.world.representative, booking=pending)
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def test_recording_use_completes_the_booking(collab):
    start = collab.at(-7, 9)  # last week
    booking = make_booking(
        collab.resource,
        collab.world.member_a,
        start,
        start + datetime.timedelta(hours=3),
        status=Booking.Status.APPROVED,
    )
    usage = services.booking_usage_record(
        actor=collab.owner_rep, booking=booking, hours=Decimal("2.5"), quantity=1, note="按时完成"
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    assert usage.hours == Decimal("2.5")


def test_use_beyond_the_booked_hours_is_refused(collab):
    start = collab.at(-7, 9)
    booking = make_booking(
        collab.resource,
        collab.world.member_a,
        start,
        start + datetime.timedelta(hours=3),
        status=Booking.Status.APPROVED,
    )
    with pytest.raises(ValidationError) as error:
        services.booking_usage_record(
            actor=collab.owner_rep, booking=booking, hours=Decimal(4), quantity=1
        )
    assert "hours" in error.value.message_dict
    assert not Usage.objects.exists()


def test_use_of_a_pending_booking_cannot_be_recorded(collab, pending):
    with pytest.raises(ValidationError) as error:
        services.booking_usage_record(
            actor=collab.owner_rep, booking=pending, hours=Decimal(1), quantity=1
        )
    assert "status" in error.value.message_dict
