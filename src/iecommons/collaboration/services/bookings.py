"""Writes to bookings: request, approve, decline, cancel, record use, escalate.

Double booking is prevented by the database: every write that can add load to a resource
first takes a row lock on the resource (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite runs
write transactions ``IMMEDIATE``, one at a time), then checks the load of the holding
bookings that overlap the new one. A second, simultaneous request waits for the first to
commit and then sees its booking.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import collaboration as rules
from iecommons.authz.scope import require
from iecommons.collaboration.calendar import Window, fits_windows, peak_load
from iecommons.collaboration.conf import DEFAULT_BOOKING_RESPONSE_HOURS, MAX_BOOKING_LENGTH
from iecommons.collaboration.models import Booking, CollaborationSettings, Resource, Usage
from iecommons.collaboration.services.recipients import representatives_of, secretariat_of
from iecommons.common import audit
from iecommons.common.notifications import notify
from iecommons.common.services import refuse
from iecommons.registry.models import Organization


def _link(booking: Booking) -> str:
    return reverse("collaboration:booking_detail", args=[booking.pk])


def booking_conflict_load(
    *,
    resource_id: int,
    start: datetime.datetime,
    end: datetime.datetime,
    exclude_booking_id: int | None = None,
) -> int:
    """The peak quantity already held on the resource during ``[start, end)``.

    One query on ``booking_conflict_idx`` over a range bounded by ``MAX_BOOKING_LENGTH``,
    plus a sweep over the overlapping rows.
    Call it under the resource's row lock when the answer decides a write.
    """
    rows = Booking.objects.filter(
        resource_id=resource_id,
        # No booking lasts longer than MAX_BOOKING_LENGTH, so this bounds the index range.
        start__gte=start - MAX_BOOKING_LENGTH,
        start__lt=end,
        end__gt=start,
        status__in=Booking.HOLDING,
    )
    if exclude_booking_id is not None:
        rows = rows.exclude(pk=exclude_booking_id)
    intervals = [
        (max(row_start, start), min(row_end, end), quantity)
        for row_start, row_end, quantity in rows.values_list("start", "end", "quantity")
    ]
    return peak_load(intervals)


def _lock_resource(resource_id: int) -> Resource:
    return (
        Resource.objects.select_for_update()
        .select_related("community", "owner")
        .get(pk=resource_id)
    )


def _check_slot(
    resource: Resource,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    quantity: int,
    exclude_booking_id: int | None = None,
) -> None:
    """Refuse a slot outside the calendar or over capacity; the resource must be locked."""
    if quantity > resource.capacity:
        raise refuse(
            "quantity",
            _("At most %(capacity)d can be booked at once.") % {"capacity": resource.capacity},
        )
    windows = [
        Window(weekday, start_time, end_time)
        for weekday, start_time, end_time in resource.windows.values_list(
            "weekday", "start_time", "end_time"
        )
    ]
    blamed = fits_windows(start, end, windows)
    if blamed == "start":
        raise refuse("start", _("The resource is not open at this time."))
    if blamed == "end":
        raise refuse("end", _("The booking runs past the closing time of the opening window."))
    closure = resource.closures.filter(start__lt=end, end__gt=start).first()
    if closure is not None:
        raise refuse(
            "start",
            _("The resource is closed from %(start)s to %(end)s (%(reason)s).")
            % {
                "start": timezone.localtime(closure.start).strftime("%Y-%m-%d %H:%M"),
                "end": timezone.localtime(closure.end).strftime("%Y-%m-%d %H:%M"),
                "reason": closure.reason or _("no reason given"),
            },
        )
    held = booking_conflict_load(
        resource_id=resource.pk, start=start, end=end, exclude_booking_id=exclude_booking_id
    )
    if held + quantity > resource.capacity:
        if resource.capacity == 1:
            message = _("The resource is already booked for part of this time.")
        else:
            message = _(
                "Only %(free)d of %(capacity)d units are free for the whole of this time."
            ) % {"free": max(resource.capacity - held, 0), "capacity": resource.capacity}
        raise refuse("start" if resource.capacity == 1 else "quantity", message)


@transaction.atomic
def booking_request(
    *,
    actor: Any,
    resource: Resource,
    organization: Organization,
    start: datetime.datetime,
    end: datetime.datetime,
    quantity: int = 1,
    purpose: str,
) -> Booking:
    """Request a slot for ``organization``; its owner's representatives are told."""
    require(rules.can_request_booking(actor, resource, organization))
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise refuse("start", _("Give the time with its time zone."))
    if end <= start:
        raise refuse("end", _("The end must be after the start."))
    if end - start > MAX_BOOKING_LENGTH:
        raise refuse(
            "end",
            _("A booking may last at most %(days)d days.") % {"days": MAX_BOOKING_LENGTH.days},
        )
    if start < timezone.now():
        raise refuse("start", _("The start is in the past."))
    if quantity < 1:
        raise refuse("quantity", _("Book at least one unit."))
    if not (purpose or "").strip():
        raise refuse("purpose", _("Say what the booking is for."))
    locked = _lock_resource(resource.pk)
    if locked.status != Resource.Status.ACTIVE:
        raise refuse("resource", _("The resource has been withdrawn."))
    _check_slot(locked, start=start, end=end, quantity=quantity)
    booking = Booking.objects.create(
        resource=locked,
        organization=organization,
        requested_by=actor,
        start=start,
        end=end,
        quantity=quantity,
        purpose=purpose.strip(),
    )
    audit.record(actor=actor, instance=booking, operation="booking_request")
    notify(
        recipients=representatives_of(locked.owner_id),
        subject=_("Booking request: %(resource)s") % {"resource": locked.name},
        body=_("%(organization)s asks to use %(resource)s from %(start)s to %(end)s.")
        % {
            "organization": organization,
            "resource": locked.name,
            "start": timezone.localtime(start).strftime("%Y-%m-%d %H:%M"),
            "end": timezone.localtime(end).strftime("%Y-%m-%d %H:%M"),
        },
        link=_link(booking),
    )
    return booking


def _decide(*, actor: Any, booking: Booking, status: str, comment: str, operation: str) -> Booking:
    require(rules.can_decide_booking(actor, booking))
    locked = _lock_resource(booking.resource_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    booking.resource = locked
    if booking.status != Booking.Status.PENDING:
        raise refuse("status", _("Only a pending request can be answered."))
    if status == Booking.Status.APPROVED:
        # The calendar may have changed since the request (a closure, a smaller capacity).
        _check_slot(
            locked,
            start=booking.start,
            end=booking.end,
            quantity=booking.quantity,
            exclude_booking_id=booking.pk,
        )
    before = audit.snapshot(booking)
    booking.status = status
    booking.decided_by = actor
    booking.decided_at = timezone.now()
    booking.decision_comment = (comment or "").strip()
    booking.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    audit.record(actor=actor, instance=booking, operation=operation, before=before)
    if status == Booking.Status.APPROVED:
        subject = _("Booking approved: %(resource)s") % {"resource": locked.name}
    else:
        subject = _("Booking declined: %(resource)s") % {"resource": locked.name}
    notify(
        recipients=[booking.requested_by, *representatives_of(booking.organization_id)],
        subject=subject,
        body=booking.decision_comment,
        link=_link(booking),
    )
    return booking


@transaction.atomic
def booking_approve(*, actor: Any, booking: Booking, comment: str = "") -> Booking:
    """The owner (or the secretariat) approves a pending request."""
    return _decide(
        actor=actor,
        booking=booking,
        status=Booking.Status.APPROVED,
        comment=comment,
        operation="booking_approve",
    )


@transaction.atomic
def booking_decline(*, actor: Any, booking: Booking, comment: str) -> Booking:
    """The owner (or the secretariat) declines a pending request, saying why."""
    if not (comment or "").strip():
        require(rules.can_decide_booking(actor, booking))
        raise refuse("comment", _("Say why the request is declined."))
    return _decide(
        actor=actor,
        booking=booking,
        status=Booking.Status.DECLINED,
        comment=comment,
        operation="booking_decline",
    )


@transaction.atomic
def booking_cancel(*, actor: Any, booking: Booking) -> Booking:
    """The requester withdraws a pending or approved booking that has not ended."""
    require(rules.can_cancel_booking(actor, booking))
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in (Booking.Status.PENDING, Booking.Status.APPROVED):
        raise refuse("status", _("Only a pending or approved booking can be cancelled."))
    if booking.end <= timezone.now():
        raise refuse("status", _("The booking has already ended."))
    before = audit.snapshot(booking)
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status"])
    audit.record(actor=actor, instance=booking, operation="booking_cancel", before=before)
    return booking


@transaction.atomic
def booking_usage_record(
    *, actor: Any, booking: Booking, hours: Decimal, quantity: int, note: str = ""
) -> Usage:
    """Record what was actually used of an approved booking; the booking is completed."""
    require(rules.can_record_usage(actor, booking))
    booking = Booking.objects.select_for_update().select_related("resource").get(pk=booking.pk)
    if booking.status != Booking.Status.APPROVED:
        raise refuse("status", _("Use can be recorded only for an approved booking."))
    if booking.start > timezone.now():
        raise refuse("hours", _("The booking has not started yet."))
    if hours is None or hours < 0:
        raise refuse("hours", _("Hours cannot be negative."))
    if Decimal(str(hours)) > Decimal(str(round(booking.hours, 2))):
        raise refuse(
            "hours",
            _("At most %(hours)s hours were booked.") % {"hours": round(booking.hours, 2)},
        )
    if quantity < 0 or quantity > booking.quantity:
        raise refuse(
            "quantity",
            _("Expected from 0 to %(quantity)d units.") % {"quantity": booking.quantity},
        )
    usage = Usage.objects.create(
        booking=booking, hours=hours, quantity=quantity, note=note, recorded_by=actor
    )
    before = audit.snapshot(booking)
    booking.status = Booking.Status.COMPLETED
    booking.save(update_fields=["status"])
    audit.record(actor=actor, instance=usage, operation="booking_usage_record")
    audit.record(actor=actor, instance=booking, operation="booking_complete", before=before)
    return usage


@transaction.atomic
def bookings_escalate_overdue(*, now: datetime.datetime | None = None) -> list[int]:
    """Escalate pending requests older than their community's time limit to its secretariat.

    Each request is escalated once; returns the ids of the bookings escalated now.
    """
    now = now or timezone.now()
    limits = dict(
        CollaborationSettings.objects.values_list("community_id", "booking_response_hours")
    )
    # The shortest limit in use bounds the candidates; each row is then checked exactly.
    shortest = min([DEFAULT_BOOKING_RESPONSE_HOURS, *limits.values()])
    candidates = (
        Booking.objects.select_for_update()
        .filter(
            status=Booking.Status.PENDING,
            escalated_at__isnull=True,
            created_at__lte=now - datetime.timedelta(hours=shortest),
        )
        .select_related("resource", "resource__community", "organization")
    )
    escalated: list[int] = []
    for booking in candidates:
        community = booking.resource.community
        hours = limits.get(community.pk, DEFAULT_BOOKING_RESPONSE_HOURS)
        if booking.created_at > now - datetime.timedelta(hours=hours):
            continue
        before = audit.snapshot(booking)
        booking.escalated_at = now
        booking.save(update_fields=["escalated_at"])
        audit.record(actor=None, instance=booking, operation="booking_escalate", before=before)
        notify(
            recipients=secretariat_of(community.pk),
            subject=_("Unanswered booking request: %(resource)s")
            % {"resource": booking.resource.name},
            body=_(
                "The request of %(organization)s has waited more than %(hours)d hours "
                "for an answer from the owner."
            )
            % {"organization": booking.organization, "hours": hours},
            link=_link(booking),
        )
        escalated.append(booking.pk)
    return escalated
