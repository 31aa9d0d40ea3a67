"""The supply–demand picture in the JSON API (public aggregates), under ``/api/talent/``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from iecommons.accounts.api_auth import PUBLIC
from iecommons.common.api import ERRORS
from iecommons.registry.models import Community
from iecommons.talent import supply

router = Router(tags=["talent"])


class YearOut(Schema):
    year: int
    positions: int
    graduates: int
    placed: int
    hired: int
    ratio: float | None


class GapOut(Schema):
    code: str
    name: str
    demand: int
    courses: int
    majors: list[str]


class SupplyOut(Schema):
    years: list[YearOut]
    skill_gaps: list[GapOut]


@router.get(
    "/communities/{community_id}/supply-demand",
    response={200: SupplyOut, **ERRORS},
    auth=PUBLIC,
)
def supply_demand_get(request: HttpRequest, community_id: int) -> Any:
    """Positions needed, graduates of the supplying majors, placed and hired per year, and
    the skill gaps between the community's talent needs and its co-developed courses."""
    community = get_object_or_404(Community, pk=community_id)
    communities = Community.objects.filter(pk=community.pk)
    return {
        "years": [
            {
                "year": row.year,
                "positions": row.positions,
                "graduates": row.graduates,
                "placed": row.placed,
                "hired": row.hired,
                "ratio": row.ratio,
            }
            for row in supply.supply_demand(communities)
        ],
        "skill_gaps": [
            {
                "code": gap.code,
                "name": gap.name,
                "demand": gap.demand,
                "courses": gap.courses,
                "majors": gap.majors,
            }
            for gap in supply.skill_gaps(communities)
        ],
    }
