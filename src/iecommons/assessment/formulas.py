"""Named formulas for derived indicators: each computes a value from platform records and
returns the records it counted, so every derived value carries its trace.

An indicator names its formula by key (``Indicator.formula``); :data:`FORMULAS` is the
registry. A formula takes the community and the cycle's period and returns a
:class:`Derived`. Membership-based formulas count the memberships *active at the end of
the period*: joined on or before it and not left before it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iecommons.registry.models import Community, Membership, Organization


@dataclass(frozen=True)
class Derived:
    """A derived value and its trace: ``records`` are ``{"model", "id", "label", ...}``."""

    value: float | None
    records: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def trace(self, key: str) -> dict[str, Any]:
        return {"formula": key, **self.details, "records": self.records}


@dataclass(frozen=True)
class Formula:
    """A named formula: its key, what it counts (for people), and the function."""

    key: str
    label: Any
    compute: Callable[[Community, datetime.date, datetime.date], Derived]


def active_memberships(community: Community, on: datetime.date) -> QuerySet[Membership]:
    """Memberships of ``community`` active on ``on``, with their organisations."""
    return (
        Membership.objects.filter(community=community, joined__lte=on)
        .filter(Q(left__isnull=True) | Q(left__gt=on))
        .select_related("organization")
        .order_by("id")
    )


def _membership_record(membership: Membership, *, counted: bool) -> dict[str, Any]:
    return {
        "model": "registry.membership",
        "id": membership.pk,
        "label": membership.organization.name,
        "organization_id": membership.organization_id,
        "type": membership.organization.type,
        "counted": counted,
    }


def _share(
    community: Community, end: datetime.date, counts: Callable[[Membership], bool]
) -> Derived:
    memberships = list(active_memberships(community, end))
    records = [_membership_record(m, counted=counts(m)) for m in memberships]
    counted = sum(1 for record in records if record["counted"])
    total = len(records)
    value = round(100.0 * counted / total, 4) if total else None
    return Derived(
        value=value,
        records=records,
        details={"counted": counted, "total": total, "on": end.isoformat()},
    )


def enterprise_member_share(
    community: Community, start: datetime.date, end: datetime.date
) -> Derived:
    """Enterprises among active members at the end of the period, in %."""
    return _share(community, end, lambda m: m.organization.type == Organization.Type.ENTERPRISE)


def members_with_duties_share(
    community: Community, start: datetime.date, end: datetime.date
) -> Derived:
    """Active members at the end of the period whose written duties are not blank, in %."""
    return _share(community, end, lambda m: bool(m.duties.strip()))


def _period_bounds(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """``[start 00:00, day after end 00:00)`` in the site's time zone."""
    return (
        timezone.make_aware(datetime.datetime.combine(start, datetime.time.min)),
        timezone.make_aware(
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
        ),
    )


def shared_resource_utilisation(
    community: Community, start: datetime.date, end: datetime.date
) -> Derived:
    """Used unit-hours ÷ available unit-hours of the community's active shared resources
    in the period, in % (the collaboration app's pooled rate)."""
    from iecommons.collaboration.models import Resource
    from iecommons.collaboration.selectors import community_utilisation

    period_start, period_end = _period_bounds(start, end)
    utilisation = community_utilisation(community, period_start, period_end)
    resources = Resource.objects.filter(
        community=community, status=Resource.Status.ACTIVE
    ).order_by("pk")
    records = [
        {"model": "collaboration.resource", "id": pk, "label": name, "counted": True}
        for pk, name in resources.values_list("pk", "name")
    ]
    rate = utilisation.rate
    return Derived(
        value=round(100.0 * rate, 4) if rate is not None else None,
        records=records,
        details={
            "counted": len(records),
            "total": len(records),
            "used_unit_hours": round(utilisation.used_hours, 4),
            "available_unit_hours": round(utilisation.available_hours, 4),
        },
    )


def joint_projects_per_ten_members(
    community: Community, start: datetime.date, end: datetime.date
) -> Derived:
    """Joint projects running or completed during the period (not planned or cancelled)
    per ten members active at the end of the period."""
    from iecommons.projects.models import Project

    projects = (
        Project.objects.filter(
            community=community,
            status__in=[Project.Status.RUNNING, Project.Status.COMPLETED],
            start__lte=end,
        )
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .order_by("pk")
    )
    records = [
        {"model": "projects.project", "id": pk, "label": title, "counted": True}
        for pk, title in projects.values_list("pk", "title")
    ]
    members = active_memberships(community, end).count()
    value = round(10.0 * len(records) / members, 4) if members else None
    return Derived(
        value=value,
        records=records,
        details={"counted": len(records), "total": len(records), "members": members},
    )


def enterprise_input(community: Community, start: datetime.date, end: datetime.date) -> Derived:
    """Cash and in-kind contributions of enterprises to the community's joint projects,
    dated in the period, in 10,000 CNY."""
    from iecommons.projects.models import Contribution

    contributions = (
        Contribution.objects.filter(
            participant__project__community=community,
            organization__type=Organization.Type.ENTERPRISE,
            kind__in=[Contribution.Kind.CASH, Contribution.Kind.IN_KIND],
            date__gte=start,
            date__lte=end,
        )
        .select_related("organization")
        .order_by("pk")
    )
    records = [
        {
            "model": "projects.contribution",
            "id": c.pk,
            "label": f"{c.organization.name} · {c.get_kind_display()} · {c.value}",
            "value": str(c.value),
            "counted": True,
        }
        for c in contributions
    ]
    total = sum((c.value for c in contributions), start=Decimal(0))
    return Derived(
        value=round(float(total) / 10_000.0, 4),
        records=records,
        details={"counted": len(records), "total": len(records), "cny": str(total)},
    )


FORMULAS: dict[str, Formula] = {
    formula.key: formula
    for formula in [
        Formula(
            "enterprise_member_share",
            _("enterprise memberships ÷ active memberships at the end of the period × 100"),
            enterprise_member_share,
        ),
        Formula(
            "members_with_duties_share",
            _(
                "memberships with written duties ÷ active memberships at the end of the "
                "period × 100"
            ),
            members_with_duties_share,
        ),
        Formula(
            "shared_resource_utilisation",
            _("used ÷ available unit-hours of active shared resources in the period × 100"),
            shared_resource_utilisation,
        ),
        Formula(
            "joint_projects_per_ten_members",
            _("joint projects running or completed in the period × 10 ÷ active memberships"),
            joint_projects_per_ten_members,
        ),
        Formula(
            "enterprise_input",
            _("enterprises' cash and in-kind project contributions in the period ÷ 10,000"),
            enterprise_input,
        ),
    ]
}


def formula_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((key, f"{key}: {f.label}") for key, f in FORMULAS.items())]
