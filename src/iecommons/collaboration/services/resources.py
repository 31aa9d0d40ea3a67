"""Writes to the resource catalogue: offering, changing and withdrawing resources, and
their availability calendar."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.authz import collaboration as rules
from iecommons.authz.scope import require
from iecommons.collaboration.models import (
    AvailabilityWindow,
    Closure,
    CollaborationSettings,
    Resource,
)
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.registry import selectors as registry_selectors
from iecommons.registry.models import Community, Organization

RESOURCE_FIELDS = (
    "name",
    "name_en",
    "type",
    "description",
    "location",
    "location_en",
    "capacity",
    "unit",
    "unit_en",
    "terms",
    "price",
)


def _check_terms(resource: Resource) -> None:
    if resource.terms == Resource.Terms.FEE and (resource.price is None or resource.price <= 0):
        raise refuse("price", _("A fee needs a price above zero."))
    if resource.terms == Resource.Terms.FREE:
        resource.price = None


@transaction.atomic
def resource_create(
    *,
    actor: Any,
    community: Community,
    owner: Organization,
    name: str,
    type: str,
    capacity: int = 1,
    unit: str = "",
    terms: str = Resource.Terms.FREE,
    price: Decimal | None = None,
    description: str = "",
    location: str = "",
    location_en: str = "",
    unit_en: str = "",
    name_en: str = "",
) -> Resource:
    """Offer a resource of ``owner`` (an active member) to ``community``."""
    require(rules.can_post_resource(actor, community, owner))
    if community.status != Community.Status.ACTIVE:
        raise refuse("community", _("The community is not active."))
    if not registry_selectors.is_active_member(owner, community):
        raise refuse("owner", _("The owner must be an active member of the community."))
    resource = Resource(
        community=community,
        owner=owner,
        name=(name or "").strip(),
        name_en=(name_en or "").strip(),
        type=type,
        capacity=capacity,
        unit=(unit or "").strip(),
        unit_en=(unit_en or "").strip(),
        terms=terms,
        price=price,
        description=description,
        location=location,
        location_en=location_en,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_terms(resource)
    validate_model(resource, exclude=["created_by"])
    resource.save()
    audit.record(actor=actor, instance=resource, operation="resource_create")
    return resource


@transaction.atomic
def resource_update(*, actor: Any, resource: Resource, **changes: Any) -> Resource:
    """Change a resource's description, capacity or terms."""
    require(rules.can_edit_resource(actor, resource))
    unknown = set(changes) - set(RESOURCE_FIELDS)
    if unknown:
        raise refuse(sorted(unknown)[0], _("This field cannot be changed here."))
    before = audit.snapshot(resource)
    for name, value in changes.items():
        setattr(resource, name, value.strip() if isinstance(value, str) else value)
    _check_terms(resource)
    validate_model(resource, exclude=["created_by"])
    resource.save()
    audit.record(actor=actor, instance=resource, operation="resource_update", before=before)
    return resource


@transaction.atomic
def resource_withdraw(*, actor: Any, resource: Resource) -> Resource:
    """Take a resource out of the catalogue; its bookings and use stay on record."""
    require(rules.can_edit_resource(actor, resource))
    if resource.status == Resource.Status.WITHDRAWN:
        raise refuse("status", _("The resource is already withdrawn."))
    before = audit.snapshot(resource)
    resource.status = Resource.Status.WITHDRAWN
    resource.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, instance=resource, operation="resource_withdraw", before=before)
    return resource


@transaction.atomic
def availability_window_add(
    *,
    actor: Any,
    resource: Resource,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
) -> AvailabilityWindow:
    """Add a weekly opening window; windows of one weekday may not overlap."""
    require(rules.can_edit_resource(actor, resource))
    if end_time <= start_time:
        raise refuse("end_time", _("A window must close after it opens."))
    if resource.windows.filter(
        weekday=weekday, start_time__lt=end_time, end_time__gt=start_time
    ).exists():
        raise refuse("start_time", _("This window overlaps another window of the same day."))
    window = AvailabilityWindow(
        resource=resource, weekday=weekday, start_time=start_time, end_time=end_time
    )
    validate_model(window)
    window.save()
    audit.record(actor=actor, instance=window, operation="availability_window_add")
    return window


@transaction.atomic
def availability_window_remove(*, actor: Any, window: AvailabilityWindow) -> None:
    require(rules.can_edit_resource(actor, window.resource))
    before = audit.snapshot(window)
    audit.record(
        actor=actor,
        instance=window,
        operation="availability_window_remove",
        before=before,
        deleted=True,
    )
    window.delete()


@transaction.atomic
def closure_add(
    *,
    actor: Any,
    resource: Resource,
    start: datetime.datetime,
    end: datetime.datetime,
    reason: str = "",
) -> Closure:
    """Block a period. Bookings already approved in it are kept: the owner settles them."""
    require(rules.can_edit_resource(actor, resource))
    if end <= start:
        raise refuse("end", _("A closure must end after it starts."))
    closure = Closure(resource=resource, start=start, end=end, reason=reason)
    validate_model(closure)
    closure.save()
    audit.record(actor=actor, instance=closure, operation="closure_add")
    return closure


@transaction.atomic
def collaboration_settings_update(
    *, actor: Any, community: Community, booking_response_hours: int
) -> CollaborationSettings:
    """The secretariat (or a supervisor) sets how long a request may wait for an answer."""
    require(rules.can_change_settings(actor, community))
    if not 1 <= booking_response_hours <= 24 * 60:
        raise refuse("booking_response_hours", _("Expected a number of hours from 1 to 1440."))
    settings_row, _created = CollaborationSettings.objects.get_or_create(community=community)
    before = audit.snapshot(settings_row)
    settings_row.booking_response_hours = booking_response_hours
    settings_row.save(update_fields=["booking_response_hours"])
    audit.record(
        actor=actor,
        instance=settings_row,
        operation="collaboration_settings_update",
        before=before,
    )
    return settings_row
