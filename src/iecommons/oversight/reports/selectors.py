"""Reads of annual reports and batches, each through its authz rule."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from iecommons.authz import reports as rules
from iecommons.common.collation import pinyin
from iecommons.oversight.models import AnnualReport, ReportBatch
from iecommons.registry.models import Community, Region


def public_reports(year: int | None = None) -> QuerySet[AnnualReport]:
    """Accepted reports, newest year first; public."""
    queryset = (
        AnnualReport.objects.filter(status=AnnualReport.Status.ACCEPTED)
        .select_related("community")
        .defer("figures", "narrative")
        .order_by("-year", pinyin("community__name"))
    )
    return queryset if year is None else queryset.filter(year=year)


def reports_to_work_on(user: Any) -> QuerySet[AnnualReport]:
    """Drafts and submitted reports the person may see (secretariat, supervisors)."""
    queryset = (
        AnnualReport.objects.exclude(status=AnnualReport.Status.ACCEPTED)
        .select_related("community")
        .defer("figures", "narrative")
        .order_by("-year", pinyin("community__name"))
    )
    return rules.visible_reports(user, queryset)[:100]


def draftable_communities(user: Any) -> list[Community]:
    """The communities whose report the person may start (its secretariats)."""
    return list(rules.visible_draftable(user, Community.objects.order_by(pinyin("name"))))


def report_for(community: Community, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(community=community, year=year).first()


def batch_regions(user: Any) -> list[Region | None]:
    """The jurisdictions the person may start a batch for (None: the country)."""
    choices: list[Region | None] = []
    if rules.can_start_batch(user, None):
        choices.append(None)
    regions = Region.objects.filter(rules.batch_regions_q(user)).order_by("code")
    choices.extend(region for region in regions if rules.can_start_batch(user, region))
    return choices


def visible_batches(user: Any) -> QuerySet[ReportBatch]:
    queryset = ReportBatch.objects.select_related("region").order_by("-created_at")
    return rules.visible_batches(user, queryset)[:20]
