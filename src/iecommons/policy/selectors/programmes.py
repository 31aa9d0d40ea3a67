"""Reads of programmes, applications, awards and the ledger. Who sees what is decided in
:mod:`iecommons.authz.policy`; these functions only shape the rows."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import policy as rules
from iecommons.common.collation import pinyin
from iecommons.policy.eligibility import FACT_KINDS
from iecommons.policy.models import Application, FundMovement, IncentiveProgramme

FACT_LABELS = {
    "certified": "certified industry–education integration enterprise",
    "organization_type": "type of organisation",
    "community_level": "level of the community",
    "community_field": "field of the community",
    "latest_grade": "latest published grade of the community",
    "overdue_rectifications": "overdue rectification tasks of the community",
    "membership_years": "years of membership",
    "joint_project_contribution": "contribution to joint projects (CNY)",
}


def fact_label(fact: str) -> str:
    """The translated name of a fact (the msgids are marked in :mod:`.labels`)."""
    return _(FACT_LABELS.get(fact, fact))


def public_programmes(user: Any) -> QuerySet[IncentiveProgramme]:
    return rules.visible_public_programmes(
        user, IncentiveProgramme.objects.select_related("jurisdiction")
    ).order_by("-opens", pinyin("title"))


def managed_programmes(user: Any) -> QuerySet[IncentiveProgramme]:
    return rules.visible_managed_programmes(
        user, IncentiveProgramme.objects.select_related("jurisdiction")
    ).order_by("-opens", pinyin("title"))


def applications_for(user: Any) -> QuerySet[Application]:
    return (
        rules.visible_applications(user, Application.objects.all())
        .select_related("programme", "organization", "community")
        .annotate(review_count=Count("reviews"), mean_score=Avg("reviews__score"))
        .order_by("-submitted_at", "-pk")
    )


def programme_applications(programme: IncentiveProgramme) -> QuerySet[Application]:
    return (
        programme.applications.select_related("organization", "community")
        .annotate(review_count=Count("reviews"), mean_score=Avg("reviews__score"))
        .order_by("-mean_score", "submitted_at")
    )


def ledger_movements(programme: IncentiveProgramme) -> QuerySet[FundMovement]:
    return programme.movements.select_related("application__organization").order_by(
        "created_at", "pk"
    )


@dataclasses.dataclass(frozen=True)
class Award:
    """One line of the public transparency page and its open data."""

    programme_id: int
    programme: str
    kind: str
    jurisdiction: str
    recipient: str
    credit_code: str
    amount: Decimal
    disbursed: Decimal
    rule: list[dict[str, Any]]
    decided: str


def awards() -> list[Award]:
    """Every award decided, newest first: recipient, amount, the rule it was made under."""
    rows = (
        Application.objects.filter(status=Application.Status.AWARDED)
        .select_related("programme", "programme__jurisdiction", "organization")
        .order_by("-decided_at", "-pk")
    )
    return [
        Award(
            programme_id=row.programme_id,
            programme=row.programme.title,
            kind=row.programme.kind,
            jurisdiction=str(row.programme.jurisdiction or _("national")),
            recipient=row.organization.name,
            credit_code=row.organization.credit_code,
            amount=row.amount_awarded,
            disbursed=row.amount_disbursed,
            rule=list(row.programme.conditions),
            decided=timezone.localdate(row.decided_at).isoformat() if row.decided_at else "",
        )
        for row in rows
    ]


def explanation_lines(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Eligibility rows with a translated sentence each, for pages."""
    lines = []
    for row in rows:
        value = row["value"]
        shown = ", ".join(value) if isinstance(value, list) else value
        if FACT_KINDS.get(row["fact"]) == "bool":
            shown = _("yes") if value else _("no")
        actual = row["actual"]
        if isinstance(actual, bool):
            actual = _("yes") if actual else _("no")
        elif actual in (None, ""):
            actual = _("no data")
        lines.append(
            {
                **row,
                "label": fact_label(row["fact"]),
                "rule": f"{row['op']} {shown}",
                "shown_actual": actual,
            }
        )
    return lines
