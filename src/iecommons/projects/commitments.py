"""Members' written duties as tracked commitments, their fulfilment and yearly progress."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import projects as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.projects.evidence import evidence_check, evidence_store
from iecommons.projects.models import Commitment, CommitmentFulfilment
from iecommons.projects.services import decimal_value
from iecommons.registry.models import Community, Membership


@transaction.atomic
def commitment_create(
    *,
    actor: Any,
    membership: Membership,
    description: str,
    quantity: Any,
    unit: str,
    start: datetime.date | None,
) -> Commitment:
    """Track a member's written duty as a yearly quantity (the secretariat's act)."""
    require(rules.can_manage_commitments(actor, membership.community))
    if membership.left is not None:
        raise refuse("membership", _("This membership has ended."))
    amount = decimal_value(quantity, field="quantity")
    assert amount is not None
    if amount == 0:
        raise refuse("quantity", _("The committed quantity must be more than zero."))
    if not (unit or "").strip():
        raise refuse("unit", _("Give the unit, e.g. internship places."))
    if start is None:
        raise refuse("start", _("Give the date the commitment starts."))
    commitment = Commitment(
        membership=membership,
        description=(description or "").strip(),
        quantity=amount,
        unit=unit.strip(),
        start=start,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    validate_model(commitment, exclude=["membership", "created_by"])
    commitment.save()
    audit.record(actor=actor, instance=commitment, operation="commitment_create")
    return commitment


@transaction.atomic
def fulfilment_record(
    *,
    actor: Any,
    commitment: Commitment,
    year: int | None,
    quantity: Any,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> CommitmentFulfilment:
    """Record what was delivered against a commitment in a year."""
    require(rules.can_record_fulfilment(actor, commitment.membership))
    if year is None:
        raise refuse("year", _("Give the year."))
    if year < commitment.start.year or year > timezone.localdate().year:
        raise refuse(
            "year",
            _("Expected a year from %(first)d to %(last)d.")
            % {"first": commitment.start.year, "last": timezone.localdate().year},
        )
    amount = decimal_value(quantity, field="quantity")
    assert amount is not None
    evidence_check(evidence)
    fulfilment = CommitmentFulfilment(
        commitment=commitment,
        year=year,
        quantity=amount,
        note=(note or "").strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    validate_model(fulfilment, exclude=["commitment", "recorded_by"])
    fulfilment.evidence = evidence_store(evidence)
    fulfilment.save()
    audit.record(actor=actor, instance=fulfilment, operation="fulfilment_record")
    return fulfilment


@dataclass(frozen=True)
class YearProgress:
    """One year of a commitment: delivered against required."""

    year: int
    required: Decimal
    fulfilled: Decimal

    @property
    def percent(self) -> int:
        if not self.required:
            return 0
        return int(self.fulfilled * 100 / self.required)

    @property
    def met(self) -> bool:
        return self.fulfilled >= self.required


@dataclass(frozen=True)
class CommitmentProgress:
    commitment: Commitment
    years: list[YearProgress]


def commitment_progress(
    commitment: Commitment, *, until: int | None = None, fulfilled: dict[int, Decimal] | None = None
) -> CommitmentProgress:
    """Each year from the commitment's start to ``until`` (this year by default)."""
    last = until or timezone.localdate().year
    if fulfilled is None:
        fulfilled = dict(
            commitment.fulfilments.values_list("year")
            .annotate(total=Sum("quantity"))
            .values_list("year", "total")
        )
    years = [
        YearProgress(
            year=year, required=commitment.quantity, fulfilled=fulfilled.get(year) or Decimal(0)
        )
        for year in range(commitment.start.year, last + 1)
    ]
    return CommitmentProgress(commitment=commitment, years=years)


def community_commitments(community: Community) -> list[CommitmentProgress]:
    """Progress of every commitment of the community's members, in two queries."""
    commitments = list(
        Commitment.objects.filter(membership__community=community)
        .select_related("membership__organization", "membership__community")
        .order_by("membership__organization__name", "id")
    )
    totals: dict[int, dict[int, Decimal]] = {}
    for commitment_id, year, total in (
        CommitmentFulfilment.objects.filter(commitment__in=commitments)
        .values_list("commitment_id", "year")
        .annotate(total=Sum("quantity"))
        .values_list("commitment_id", "year", "total")
    ):
        totals.setdefault(commitment_id, {})[year] = total
    return [
        commitment_progress(commitment, fulfilled=totals.get(commitment.pk, {}))
        for commitment in commitments
    ]
