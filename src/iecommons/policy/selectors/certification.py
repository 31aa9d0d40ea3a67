"""Reads of certification (the paths, their evidence, confirmations falling due, the public
list) and the surcharge calculator's inputs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from iecommons.authz import policy as rules
from iecommons.common.collation import pinyin
from iecommons.policy.models import (
    Certification,
    CertificationCriteria,
    CertificationDocument,
    InvestmentYear,
)
from iecommons.policy.surcharge import YearInput, YearRow, surcharge_offsets
from iecommons.registry.models import Organization, Region

#: A confirmation is "due soon" from this many days before its date.
DUE_DAYS = 90

#: The states a path list filters by: the four statuses, and two views of the certified
#: (a confirmation due within :data:`DUE_DAYS`, or overdue).
STATES = ("pool", "certified", "due", "overdue", "rejected", "withdrawn")


def due_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=DUE_DAYS)


def state_q(state: str, today: datetime.date | None = None) -> Q:
    """The paths in ``state`` (one of :data:`STATES`)."""
    start, end = due_window(today)
    certified = Q(status=Certification.Status.CERTIFIED)
    if state == "due":
        return certified & Q(confirmation_due__gte=start, confirmation_due__lte=end)
    if state == "overdue":
        return certified & Q(confirmation_due__lt=start)
    return Q(status=state)


def path_state(certification: Certification, today: datetime.date | None = None) -> str:
    """``due`` or ``overdue`` for a certified enterprise whose confirmation nears or passed,
    otherwise its status."""
    start, end = due_window(today)
    due = certification.confirmation_due
    if certification.status == Certification.Status.CERTIFIED and due is not None:
        if due < start:
            return "overdue"
        if due <= end:
            return "due"
    return certification.status


def certified_enterprises(province: Region | None = None) -> QuerySet[Certification]:
    """The public list: enterprises certified now (a withdrawn one has left it)."""
    rows = Certification.objects.filter(status=Certification.Status.CERTIFIED)
    if province is not None:
        rows = rows.filter(province=province)
    return rows.select_related("organization", "province").order_by(
        "province__code", pinyin("organization__name"), "pk"
    )


def certification_provinces() -> QuerySet[Region]:
    """The provinces with at least one certified enterprise (the public list's filter)."""
    return Region.objects.filter(
        level=Region.Level.PROVINCE,
        pk__in=Certification.objects.filter(status=Certification.Status.CERTIFIED).values(
            "province_id"
        ),
    ).order_by("code")


def certification_paths(
    user: Any,
    *,
    state: str = "",
    province: Region | None = None,
    query: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Certification]:
    """The paths ``user`` sees (its own enterprises', its provinces'), filtered: a state of
    :data:`STATES`, a province, a name or credit code. Soonest confirmation first among
    the certified, then by name."""
    rows = rules.visible_certifications(user, Certification.objects.all())
    if state:
        rows = rows.filter(state_q(state, today))
    if province is not None:
        rows = rows.filter(province=province)
    if query:
        rows = rows.filter(
            Q(organization__name__icontains=query) | Q(organization__credit_code__icontains=query)
        )
    return rows.select_related("organization", "province").order_by(
        "status", "confirmation_due", pinyin("organization__name"), "pk"
    )


def path_counts(user: Any, today: datetime.date | None = None) -> dict[str, int]:
    """How many of the paths ``user`` sees are in each state (one query)."""
    rows = rules.visible_certifications(user, Certification.objects.all())
    found = rows.aggregate(**{state: Count("pk", filter=state_q(state, today)) for state in STATES})
    return {state: found[state] or 0 for state in STATES}


def managed_confirmations(user: Any, today: datetime.date | None = None) -> dict[str, int]:
    """For the supervisor's digest: in the provinces it supervises, paths in the pool,
    confirmations due within :data:`DUE_DAYS` and overdue (one query)."""
    rows = rules.visible_managed_certifications(user, Certification.objects.all())
    wanted = ("pool", "due", "overdue")
    found = rows.aggregate(**{state: Count("pk", filter=state_q(state, today)) for state in wanted})
    return {state: found[state] or 0 for state in wanted}


def own_confirmations(user: Any, today: datetime.date | None = None) -> list[Certification]:
    """The certified enterprises ``user`` represents whose confirmation is due within
    :data:`DUE_DAYS` or overdue."""
    own = rules.visible_certifications(user, Certification.objects.all()).filter(
        organization_id__in=_represented(user)
    )
    return list(
        own.filter(state_q("due", today) | state_q("overdue", today))
        .select_related("organization")
        .order_by("confirmation_due", "pk")
    )


def _represented(user: Any) -> QuerySet[Organization, Any]:
    return rules.visible_own_organizations(user, Organization.objects.all()).values("pk")


def criteria_versions(province: Region) -> list[CertificationCriteria]:
    """Every version of the province's criteria, the one in force first."""
    return list(
        CertificationCriteria.objects.filter(province=province)
        .select_related("province")
        .order_by("-version")
    )


@dataclass(frozen=True)
class EvidenceLine:
    """One criterion of a path: its text, the enterprise's answer, its documents."""

    code: str
    criterion: str
    text: str
    documents: list[CertificationDocument]

    @property
    def answered(self) -> bool:
        return bool(self.text or self.documents)


def evidence_lines(certification: Certification) -> list[EvidenceLine]:
    """The path's criteria in their order, each with its evidence (two queries at most)."""
    documents: dict[str, list[CertificationDocument]] = {}
    for document in certification.documents.all():
        documents.setdefault(document.criterion, []).append(document)
    return [
        EvidenceLine(
            code=item["code"],
            criterion=item["text"],
            text=certification.evidence.get(item["code"], ""),
            documents=documents.get(item["code"], []),
        )
        for item in certification.criteria.items
    ]


def applicable_organizations(user: Any) -> list[tuple[Organization, CertificationCriteria | None]]:
    """The enterprises ``user`` represents that are members of a community and not on the
    path (never, or no longer: rejected or withdrawn, they may apply again), each with the
    criteria in force in its province (None: none published)."""
    organizations = list(
        Organization.objects.filter(
            Q(certification__isnull=True)
            | Q(certification__status__in=Certification.CLOSED_STATES),
            pk__in=_represented(user),
            type=Organization.Type.ENTERPRISE,
            memberships__left__isnull=True,
        )
        .distinct()
        .select_related("region__parent")
        .order_by(pinyin("name"))
    )
    provinces = {organization.region.province.pk for organization in organizations}
    latest: dict[int, CertificationCriteria] = {}
    for criteria in CertificationCriteria.objects.filter(province_id__in=provinces).order_by(
        "version"
    ):
        latest[criteria.province_id] = criteria
    return [(o, latest.get(o.region.province.pk)) for o in organizations]


def managed_certifications(user: Any) -> QuerySet[Certification]:
    return rules.visible_managed_certifications(
        user, Certification.objects.select_related("organization", "province")
    ).order_by("status", pinyin("organization__name"))


def investment_inputs(organization: Organization) -> list[YearInput]:
    return [
        YearInput(
            year=row.year,
            investment=row.investment,
            vat=row.vat_paid,
            consumption_tax=row.consumption_tax_paid,
            withdrawn=row.withdrawn,
        )
        for row in InvestmentYear.objects.filter(organization=organization).order_by("year")
    ]


def surcharge_table(organization: Organization) -> list[YearRow]:
    """The year-by-year offsets from the enterprise's recorded years (may raise
    :class:`~iecommons.policy.surcharge.CalculatorError` naming a year and field)."""
    return surcharge_offsets(investment_inputs(organization))
