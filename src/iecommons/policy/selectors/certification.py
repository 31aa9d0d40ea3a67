"""Reads of certification and the surcharge calculator's inputs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from iecommons.authz import policy as rules
from iecommons.common.collation import pinyin
from iecommons.policy.models import Certification, InvestmentYear
from iecommons.policy.surcharge import YearInput, YearRow, surcharge_offsets
from iecommons.registry.models import Organization


def certified_enterprises() -> QuerySet[Certification]:
    """The public list: enterprises certified now."""
    return (
        Certification.objects.filter(status=Certification.Status.CERTIFIED)
        .select_related("organization", "province")
        .order_by("province__code", pinyin("organization__name"))
    )


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
