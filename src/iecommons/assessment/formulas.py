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
from typing import Any

from django.db.models import Q, QuerySet
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
    ]
}


def formula_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((key, f"{key}: {f.label}") for key, f in FORMULAS.items())]
