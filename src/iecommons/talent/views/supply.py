"""Pages of the supply–demand picture: one community's, and the overview of a field or a
province; each with its chart (ECharts), its skill gaps and its XLSX file.

Aggregates of public and non-personal records only, so the pages are public.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from iecommons.registry.models import Community, Field, Region
from iecommons.talent import supply
from iecommons.talent.exports import supply_workbook


def _labels() -> dict[str, str]:
    return {
        "positions": _("Positions needed"),
        "graduates": _("Graduates of the supplying majors"),
        "placed": _("Placed in internships"),
        "hired": _("Hired by order-class enterprises"),
        "ratio": _("Graduates per position"),
    }


def _context(communities: QuerySet[Community]) -> dict[str, Any]:
    rows = supply.supply_demand(communities)
    gaps = supply.skill_gaps(communities)
    return {
        "rows": rows,
        "gaps": gaps,
        "worth_developing": [gap for gap in gaps if gap.is_gap][:10],
        "chart": supply.chart_data(rows, _labels()),
    }


def community_supply(request: HttpRequest, community_id: int) -> HttpResponse:
    community = get_object_or_404(Community.objects.select_related("field"), pk=community_id)
    communities = Community.objects.filter(pk=community.pk)
    context = {"community": community, **_context(communities)}
    return render(request, "talent/supply.html", context)


def community_supply_xlsx(request: HttpRequest, community_id: int) -> HttpResponse:
    community = get_object_or_404(Community, pk=community_id)
    communities = Community.objects.filter(pk=community.pk)
    return supply_workbook(
        supply.supply_demand(communities),
        supply.skill_gaps(communities),
        f"community-{community.pk}-supply-demand.xlsx",
    )


def _filtered(request: HttpRequest) -> tuple[QuerySet[Community], Field | None, Region | None]:
    communities = Community.objects.filter(status=Community.Status.ACTIVE)
    field = Field.objects.filter(code=request.GET.get("field", "")).first()
    province = Region.objects.filter(
        code=request.GET.get("province", ""), level=Region.Level.PROVINCE
    ).first()
    if field is not None:
        communities = communities.filter(field=field)
    if province is not None:
        communities = communities.filter(province=province)
    return communities, field, province


def supply_overview(request: HttpRequest) -> HttpResponse:
    """The picture over every community of a field and/or a province (all by default)."""
    communities, field, province = _filtered(request)
    context = {
        "field": field,
        "province": province,
        "fields": Field.objects.order_by("code"),
        "provinces": Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"),
        "query": request.GET.urlencode(),
        **_context(communities),
    }
    return render(request, "talent/supply.html", context)


def supply_overview_xlsx(request: HttpRequest) -> HttpResponse:
    communities, field, province = _filtered(request)
    name = "-".join(
        part for part in ("supply-demand", field and field.code, province and province.code) if part
    )
    return supply_workbook(
        supply.supply_demand(communities), supply.skill_gaps(communities), f"{name}.xlsx"
    )
