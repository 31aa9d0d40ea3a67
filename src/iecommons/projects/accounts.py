"""The participation account of a member organisation: what it put into joint projects and
what it got back, across all projects and communities.

Computed with a handful of GROUP BY queries whatever the number of projects: contributions
by kind and year, allocation shares by year, credited outcomes by kind and year, and the
count of projects and communities.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, DecimalField, F, Q, Sum
from django.utils import timezone

from iecommons.projects.models import AllocationShare, Contribution, Outcome, Participant

ZERO = Decimal(0)

#: Outcome kinds that benefit the organisation they are credited to, as people counted.
RECEIVED_OUTCOME_KINDS = (
    Outcome.Kind.HIRES,
    Outcome.Kind.INTERNS,
    Outcome.Kind.TEACHERS_TRAINED,
    Outcome.Kind.STUDENTS_TRAINED,
)


@dataclass(frozen=True)
class Contributed:
    """Contributions by kind, in CNY (``staff_hours`` is the number of hours)."""

    cash: Decimal = ZERO
    in_kind: Decimal = ZERO
    staff_value: Decimal = ZERO
    staff_hours: Decimal = ZERO
    ip: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.cash + self.in_kind + self.staff_value + self.ip


@dataclass(frozen=True)
class Received:
    """Benefits: money from allocations (losses borne as a negative sum) and people."""

    revenue_shares: Decimal = ZERO
    losses_borne: Decimal = ZERO
    hires: int = 0
    interns: int = 0
    teachers_trained: int = 0
    students_trained: int = 0

    @property
    def net_money(self) -> Decimal:
        return self.revenue_shares + self.losses_borne


@dataclass(frozen=True)
class YearReturn:
    """One year's money in and money back."""

    year: int
    contributed: Decimal
    received: Decimal

    @property
    def net(self) -> Decimal:
        return self.received - self.contributed

    @property
    def ratio(self) -> Decimal | None:
        """Received per yuan contributed (None when nothing was contributed)."""
        if not self.contributed:
            return None
        return (self.received / self.contributed).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ResourceUse:
    """Shared resources the organisation used (recorded usage of its completed bookings)."""

    bookings: int
    hours: Decimal
    unit_hours: Decimal


@dataclass(frozen=True)
class ParticipationAccount:
    """What one organisation contributed and received; ``year`` narrows it to a year."""

    organization_id: int
    year: int | None
    projects: int
    communities: int
    contributed: Contributed
    received: Received
    by_year: list[YearReturn] = field(default_factory=list)
    #: Use of shared resources; None without the collaboration app.
    resource_use: ResourceUse | None = None

    @property
    def ratio(self) -> Decimal | None:
        if not self.contributed.total:
            return None
        return (self.received.net_money / self.contributed.total).quantize(Decimal("0.01"))


def _resource_use(organization_id: int, year: int | None) -> ResourceUse | None:
    """The organisation's recorded use of shared resources, in one aggregate query.

    Read from ``collaboration.Usage`` (through its booking's organisation); None when the
    collaboration app is not installed. A use counts in the year its booking starts.
    """
    if not apps.is_installed("iecommons.collaboration"):
        return None
    usage = apps.get_model("collaboration", "Usage")
    rows = usage.objects.filter(booking__organization_id=organization_id)
    if year is not None:
        zone = timezone.get_current_timezone()
        rows = rows.filter(
            booking__start__gte=datetime.datetime(year, 1, 1, tzinfo=zone),
            booking__start__lt=datetime.datetime(year + 1, 1, 1, tzinfo=zone),
        )
    totals = rows.aggregate(
        used_bookings=Count("pk"),
        used_hours=Sum("hours"),
        used_unit_hours=Sum(F("hours") * F("quantity"), output_field=DecimalField()),
    )
    return ResourceUse(
        bookings=totals["used_bookings"] or 0,
        hours=Decimal(totals["used_hours"] or 0),
        unit_hours=Decimal(totals["used_unit_hours"] or 0),
    )


def participation_account(organization: Any, *, year: int | None = None) -> ParticipationAccount:
    """The account of ``organization`` (an Organization or its id) in five queries."""
    organization_id = int(getattr(organization, "pk", organization))
    contributions = Contribution.objects.filter(organization_id=organization_id)
    shares = AllocationShare.objects.filter(organization_id=organization_id, current=True)
    outcomes = Outcome.objects.filter(
        organization_id=organization_id, kind__in=RECEIVED_OUTCOME_KINDS
    )
    if year is not None:
        contributions = contributions.filter(year=year)
        shares = shares.filter(year=year)
        outcomes = outcomes.filter(
            date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31)
        )

    by_kind: dict[str, Decimal] = {}
    hours = ZERO
    contributed_by_year: dict[int, Decimal] = {}
    for kind, contribution_year, value, kind_hours in (
        contributions.values_list("kind", "year")
        .annotate(value=Sum("value"), hours=Sum("hours"))
        .values_list("kind", "year", "value", "hours")
        .order_by()
    ):
        by_kind[kind] = by_kind.get(kind, ZERO) + (value or ZERO)
        contributed_by_year[contribution_year] = contributed_by_year.get(
            contribution_year, ZERO
        ) + (value or ZERO)
        if kind == Contribution.Kind.STAFF_HOURS:
            hours += kind_hours or ZERO

    gains = ZERO
    losses = ZERO
    received_by_year: dict[int, Decimal] = {}
    for share_year, gain, loss in (
        shares.values_list("year")
        .annotate(
            gain=Sum("amount", filter=Q(amount__gt=0)), loss=Sum("amount", filter=Q(amount__lt=0))
        )
        .values_list("year", "gain", "loss")
        .order_by()
    ):
        gains += gain or ZERO
        losses += loss or ZERO
        received_by_year[share_year] = (gain or ZERO) + (loss or ZERO)

    people: dict[str, int] = {}
    for kind, total in (
        outcomes.values_list("kind")
        .annotate(total=Sum("quantity"))
        .values_list("kind", "total")
        .order_by()
    ):
        people[kind] = int(total or 0)

    participation = Participant.objects.filter(organization_id=organization_id)
    if year is not None:
        participation = participation.filter(
            Q(project__start__year__lte=year)
            & (Q(project__end__isnull=True) | Q(project__end__year__gte=year))
        )
    counts = participation.aggregate(
        projects=Count("project_id", distinct=True),
        communities=Count("project__community_id", distinct=True),
    )

    years = sorted(set(contributed_by_year) | set(received_by_year))
    return ParticipationAccount(
        organization_id=organization_id,
        year=year,
        projects=counts["projects"] or 0,
        communities=counts["communities"] or 0,
        contributed=Contributed(
            cash=by_kind.get(Contribution.Kind.CASH, ZERO),
            in_kind=by_kind.get(Contribution.Kind.IN_KIND, ZERO),
            staff_value=by_kind.get(Contribution.Kind.STAFF_HOURS, ZERO),
            staff_hours=hours,
            ip=by_kind.get(Contribution.Kind.IP, ZERO),
        ),
        received=Received(
            revenue_shares=gains,
            losses_borne=losses,
            hires=people.get(Outcome.Kind.HIRES, 0),
            interns=people.get(Outcome.Kind.INTERNS, 0),
            teachers_trained=people.get(Outcome.Kind.TEACHERS_TRAINED, 0),
            students_trained=people.get(Outcome.Kind.STUDENTS_TRAINED, 0),
        ),
        by_year=[
            YearReturn(
                year=y,
                contributed=contributed_by_year.get(y, ZERO),
                received=received_by_year.get(y, ZERO),
            )
            for y in years
        ],
        resource_use=_resource_use(organization_id, year),
    )
