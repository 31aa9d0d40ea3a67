"""The dashboards in the API: a jurisdiction's stored figures, public or the supervisor's.

The same figures as the pages (``DashboardFigures``), with the time they were computed; a
jurisdiction whose figures are missing or behind gets its computation queued, as on a page.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from iecommons.accounts.api_auth import PUBLIC
from iecommons.authz import dashboards as rules
from iecommons.common.api import ERRORS
from iecommons.oversight.dashboards.freshness import dashboard_refresh_if_behind, stored_figures
from iecommons.oversight.dashboards.services import jurisdiction_key
from iecommons.registry.models import Region

router = Router(tags=["dashboards"])


class DashboardOut(Schema):
    jurisdiction: str
    name_zh: str
    name_en: str
    computed_at: datetime.datetime | None
    refreshing: bool
    figures: dict[str, Any] | None


def _region(code: str | None) -> Region | None:
    if code is None:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404
    return region


def _answer(region: Region | None, *, supervisor: bool) -> dict[str, Any]:
    stored = stored_figures(region)
    refreshing = dashboard_refresh_if_behind(region, stored)
    figures = None
    if stored is not None:
        figures = stored.supervisor if supervisor else stored.public
    return {
        "jurisdiction": jurisdiction_key(region),
        "name_zh": region.name_zh if region else "全国",
        "name_en": (region.name_en if region else "National") or "",
        "computed_at": stored.computed_at if stored else None,
        "refreshing": refreshing,
        "figures": figures,
    }


@router.get("/national", response={200: DashboardOut, **ERRORS}, auth=PUBLIC)
def national(request: HttpRequest) -> Any:
    """The public figures of the nation (``figures`` is null until first computed)."""
    return _answer(None, supervisor=False)


@router.get("/supervise/national", response={200: DashboardOut, **ERRORS})
def national_supervised(request: HttpRequest) -> Any:
    """Every figure of the nation, for national supervisors; 404 for anyone else."""
    if not rules.can_see_supervisor_dashboard(request.user, None):
        raise Http404
    return _answer(None, supervisor=True)


@router.get("/supervise/{code}", response={200: DashboardOut, **ERRORS})
def region_supervised(request: HttpRequest, code: str) -> Any:
    """Every figure of a province or city (GB/T 2260 code), for its supervisors; 404 for
    anyone else."""
    region = _region(code)
    if not rules.can_see_supervisor_dashboard(request.user, region):
        raise Http404
    return _answer(region, supervisor=True)


@router.get("/{code}", response={200: DashboardOut, **ERRORS}, auth=PUBLIC)
def region_public(request: HttpRequest, code: str) -> Any:
    """The public figures of a province or city by its GB/T 2260 code."""
    region = _region(code)
    if not rules.can_see_public_dashboard(request.user, region):
        raise Http404
    return _answer(region, supervisor=False)
