"""Reads of the collaboration area, shared by the pages, the API and the evaluation.

Functions that take a ``user`` apply :mod:`iecommons.authz.collaboration`; the
utilisation functions are pure reads of the records and take no user: the caller decides
who may see them.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone

from iecommons.authz import collaboration as rules
from iecommons.collaboration.calendar import Window, open_hours
from iecommons.collaboration.models import (
    Announcement,
    AvailabilityWindow,
    Booking,
    Closure,
    Resource,
    Usage,
)
from iecommons.common.models import Notification
from iecommons.registry.models import Community


@dataclass(frozen=True)
class ResourceFilter:
    """Catalogue filters; every field is optional. ``q`` searches name, description,
    location and the owner's name."""

    q: str = ""
    type: str = ""
    owner: int | None = None
    include_withdrawn: bool = False


def resource_catalogue(community: Community, filters: ResourceFilter) -> QuerySet[Resource]:
    """The community's resources matching ``filters``, owner loaded, in catalogue order."""
    queryset = Resource.objects.filter(community=community).select_related("owner")
    if not filters.include_withdrawn:
        queryset = queryset.filter(status=Resource.Status.ACTIVE)
    if filters.type:
        queryset = queryset.filter(type=filters.type)
    if filters.owner:
        queryset = queryset.filter(owner_id=filters.owner)
    text = filters.q.strip()
    if text:
        queryset = queryset.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(location__icontains=text)
            | Q(owner__name__icontains=text)
        )
    return queryset.order_by("type", "name", "pk")


def resource_detail(pk: int) -> Resource:
    """One resource with its community and owner; raises Resource.DoesNotExist."""
    return Resource.objects.select_related("community", "owner").get(pk=pk)


# --- bookings --------------------------------------------------------------------------------


def _booking_rows() -> QuerySet[Booking]:
    return Booking.objects.select_related(
        "resource", "resource__community", "resource__owner", "organization", "requested_by"
    )


def bookings_of(user: Any, *, status: str = "") -> QuerySet[Booking]:
    """Bookings requested for the organisations ``user`` represents, newest first."""
    queryset = rules.visible_requested_bookings(user, _booking_rows())
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-start", "-id")


def bookings_to_decide(user: Any, *, status: str = Booking.Status.PENDING) -> QuerySet[Booking]:
    """Requests for resources owned by the organisations ``user`` represents, and (for a
    secretariat) every request in its communities; oldest first, as they wait in turn."""
    queryset = rules.visible_bookings_to_decide(user, _booking_rows())
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("created_at", "id")


def booking_detail(pk: int) -> Booking:
    """One booking with what its page shows; raises Booking.DoesNotExist."""
    return _booking_rows().select_related("decided_by").get(pk=pk)


@dataclass(frozen=True)
class CalendarDay:
    """One day of a resource's week view: its opening windows, closures and bookings."""

    date: datetime.date
    windows: list[AvailabilityWindow]
    closures: list[Closure]
    bookings: list[Booking]


def resource_week(
    resource: Resource, week_start: datetime.date, *, with_bookings: bool
) -> list[CalendarDay]:
    """Seven days from ``week_start`` (a Monday): windows, closures and holding bookings.

    Pass ``with_bookings=False`` for someone who may see only the public summary.
    """
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(week_start, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=7)
    windows = list(resource.windows.all())
    closures = list(resource.closures.filter(start__lt=end, end__gt=start))
    bookings: list[Booking] = []
    if with_bookings:
        bookings = list(
            resource.bookings.filter(status__in=Booking.HOLDING, start__lt=end, end__gt=start)
            .select_related("organization")
            .order_by("start")
        )
    days = []
    for offset in range(7):
        day = week_start + datetime.timedelta(days=offset)
        day_start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
        day_end = day_start + datetime.timedelta(days=1)
        days.append(
            CalendarDay(
                date=day,
                windows=[w for w in windows if w.weekday == day.weekday()],
                closures=[c for c in closures if c.start < day_end and c.end > day_start],
                bookings=[b for b in bookings if b.start < day_end and b.end > day_start],
            )
        )
    return days


# --- utilisation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Utilisation:
    """Used and available unit-hours in a period, and their ratio (None if nothing was
    available)."""

    used_hours: float
    available_hours: float

    @property
    def rate(self) -> float | None:
        if self.available_hours <= 0:
            return None
        return self.used_hours / self.available_hours


def _available_unit_hours(
    resource_ids: list[int],
    capacities: dict[int, int],
    start: datetime.datetime,
    end: datetime.datetime,
) -> dict[int, float]:
    windows: dict[int, list[Window]] = defaultdict(list)
    for resource_id, weekday, opens, closes in AvailabilityWindow.objects.filter(
        resource_id__in=resource_ids
    ).values_list("resource_id", "weekday", "start_time", "end_time"):
        windows[resource_id].append(Window(weekday, opens, closes))
    closures: dict[int, list[tuple[datetime.datetime, datetime.datetime]]] = defaultdict(list)
    for resource_id, closure_start, closure_end in Closure.objects.filter(
        resource_id__in=resource_ids, start__lt=end, end__gt=start
    ).values_list("resource_id", "start", "end"):
        closures[resource_id].append((closure_start, closure_end))
    return {
        resource_id: open_hours((start, end), windows[resource_id], closures[resource_id])
        * capacities[resource_id]
        for resource_id in resource_ids
    }


def _used_unit_hours(
    resource_ids: list[int], start: datetime.datetime, end: datetime.datetime
) -> dict[int, float]:
    rows = (
        Usage.objects.filter(
            booking__resource_id__in=resource_ids,
            booking__start__gte=start,
            booking__start__lt=end,
        )
        .values("booking__resource_id")
        .annotate(unit_hours=Sum(F("hours") * F("quantity")))
    )
    return {row["booking__resource_id"]: float(row["unit_hours"] or Decimal(0)) for row in rows}


def resource_utilisation(
    resource: Resource, start: datetime.datetime, end: datetime.datetime
) -> Utilisation:
    """How much of a resource's availability was used in ``[start, end)``.

    - **used** unit-hours: for each recorded :class:`Usage` whose booking *starts* in the
      period, its actual hours × actual units (a booking is counted in the period where it
      starts, so adjacent periods never count it twice);
    - **available** unit-hours: the hours the resource was open in the period — its weekly
      windows in local time (or around the clock if it has none), minus closures — times
      its capacity;
    - **rate** = used / available, ``None`` when nothing was available.

    A pure read: no permission check, no writes. The evaluation's derived indicators use it.
    """
    available = _available_unit_hours([resource.pk], {resource.pk: resource.capacity}, start, end)
    used = _used_unit_hours([resource.pk], start, end)
    return Utilisation(
        used_hours=used.get(resource.pk, 0.0), available_hours=available[resource.pk]
    )


def community_utilisation(
    community: Community, start: datetime.datetime, end: datetime.datetime
) -> Utilisation:
    """The community's used unit-hours over its available unit-hours in ``[start, end)``.

    Sums :func:`resource_utilisation`'s two quantities over the community's resources that
    were active (not withdrawn) — a pooled rate, so a large resource weighs more than a
    small one. A pure read in four queries, whatever the number of resources.
    """
    resources = dict(
        Resource.objects.filter(community=community, status=Resource.Status.ACTIVE).values_list(
            "pk", "capacity"
        )
    )
    ids = list(resources)
    available = _available_unit_hours(ids, resources, start, end)
    used = _used_unit_hours(ids, start, end)
    return Utilisation(used_hours=sum(used.values()), available_hours=sum(available.values()))


def pooled_utilisation(
    resources: QuerySet[Resource], start: datetime.datetime, end: datetime.datetime
) -> Utilisation:
    """:func:`community_utilisation`'s pooled rate over the active resources of ``resources``
    (any number of communities, e.g. a jurisdiction), read in chunks of 500 resources."""
    capacities = dict(
        resources.filter(status=Resource.Status.ACTIVE).order_by("pk").values_list("pk", "capacity")
    )
    ids = list(capacities)
    used = available = 0.0
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        available += sum(_available_unit_hours(chunk, capacities, start, end).values())
        used += sum(_used_unit_hours(chunk, start, end).values())
    return Utilisation(used_hours=used, available_hours=available)


# --- communication ---------------------------------------------------------------------------


def announcements_for(user: Any, community: Community) -> QuerySet[Announcement]:
    """All of the community's announcements for those who may see private records; the
    public ones for anyone else."""
    queryset = Announcement.objects.filter(community=community).select_related("author")
    if not rules.can_see_private(user, community):
        queryset = queryset.filter(is_public=True)
    return queryset


# --- notifications ---------------------------------------------------------------------------


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_notifications_count(user: Any) -> int:
    """Unread notifications of ``user`` (0 for an anonymous visitor)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
