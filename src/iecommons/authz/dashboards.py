"""Who sees which jurisdiction dashboard, and which communities a jurisdiction holds.

- The **public** dashboards (national, each province, each city) show public figures only
  and are open to anyone.
- The **supervisor's** dashboard of a jurisdiction — the national one, a province, a city —
  is seen by the supervisors of that jurisdiction, by the jurisdiction rule of
  :mod:`iecommons.authz`: national supervisors (and operators) see every one; a provincial
  supervisor sees its province and each of its cities; a city supervisor its city only.
- A jurisdiction's communities are those its supervisor supervises
  (:func:`iecommons.authz.scope.supervised_communities_q`): every community for the nation;
  for a province or city, the provincial and municipal communities seated there (national
  communities belong to the national dashboard only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.authz.scope import (
    is_national_supervisor,
    is_signed_in,
    supervised_regions_q,
    supervises_jurisdiction,
)

if TYPE_CHECKING:
    from iecommons.registry.models import Region


def can_see_supervisor_dashboard(user: Any, region: Region | None) -> bool:
    """Supervises ``region`` (``None``: the nation) or a jurisdiction that contains it."""
    return is_signed_in(user) and supervises_jurisdiction(user, region)


def can_see_public_dashboard(user: Any, region: Region | None) -> bool:
    """Anyone: the public dashboards hold public figures only."""
    return True


def supervises_nation(user: Any) -> bool:
    """Sees the national supervisor's dashboard."""
    return is_signed_in(user) and is_national_supervisor(user)


def visible_supervised_regions(user: Any, queryset: QuerySet[Region]) -> QuerySet[Region]:
    """The regions of ``queryset`` whose supervisor's dashboard ``user`` may open: every one
    for a national supervisor, a province with its cities, a city; none for anyone else."""
    if not is_signed_in(user):
        return queryset.none()
    condition = supervised_regions_q(user)
    return queryset if condition is None else queryset.filter(condition)


def jurisdiction_communities_q(region: Region | None, prefix: str = "") -> Q | None:
    """A filter for the communities of the jurisdiction ``region`` (``prefix`` for a relation,
    e.g. ``"community__"``); ``None`` means every community (the nation)."""
    if region is None:
        return None
    seated = Q(**{f"{prefix}region_id": region.pk})
    if region.parent_id is None:  # a province: its own seat and its cities'
        seated |= Q(**{f"{prefix}province_id": region.pk})
    return ~Q(**{f"{prefix}level": "national"}) & seated
