"""Annual quality reports in the API: the accepted reports (public), and one report's figures
and narrative for whoever may see it (``authz.reports``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from iecommons.accounts.api_auth import PUBLIC
from iecommons.authz import reports as rules
from iecommons.common.api import ERRORS, Page, PageQuery, paginate
from iecommons.oversight.models import AnnualReport
from iecommons.oversight.reports import selectors

router = Router(tags=["annual reports"])


class ReportQuery(PageQuery):
    year: int | None = Field(None, ge=2000, le=2100, description="Only this year's reports.")


class ReportOut(Schema):
    community_id: int
    community: str
    year: int
    status: str
    accepted_at: datetime.datetime | None
    pdf: str = Field(description="The Chinese PDF; add ?lang=en for the English one.")


class ReportDetailOut(ReportOut):
    figures: dict[str, Any]
    narrative: dict[str, str]
    empty_sections: list[str]


def _out(report: AnnualReport) -> dict[str, Any]:
    return {
        "community_id": report.community_id,
        "community": report.community.name,
        "year": report.year,
        "status": report.status,
        "accepted_at": report.accepted_at,
        "pdf": reverse("reports:report_download", args=[report.community_id, report.year]),
    }


@router.get(
    "/reports",
    response={200: Page[ReportOut], **ERRORS},
    auth=PUBLIC,
    url_name="report_list",
)
def report_list(request: HttpRequest, filters: Query[ReportQuery]) -> Any:
    """Accepted annual quality reports, newest year first (public)."""
    page = paginate(selectors.public_reports(filters.year), filters)
    page["results"] = [_out(report) for report in page["results"]]
    return page


@router.get(
    "/reports/{community_id}/{year}",
    response={200: ReportDetailOut, **ERRORS},
    auth=PUBLIC,
    url_name="report_detail",
)
def report_detail(request: HttpRequest, community_id: int, year: int) -> Any:
    """One report with its figures (counted from the records) and narrative: public once
    accepted; before that for the community's secretariat and supervisors only."""
    report = (
        AnnualReport.objects.select_related("community")
        .filter(community_id=community_id, year=year)
        .first()
    )
    if report is None or not rules.can_see_report(request.user, report):
        raise Http404
    return {
        **_out(report),
        "figures": report.figures,
        "narrative": report.narrative,
        "empty_sections": report.figures.get("empty_sections", []),
    }
