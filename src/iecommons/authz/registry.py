"""Who may do what in the registry: communities, organisations, memberships, councils.

- Supervisors govern the communities of their jurisdiction (the rule in :mod:`iecommons.authz`).
- A secretariat runs one community; managing a community is for its secretariat or supervisors.
- Private records of a community (history, invitations, contact details of people, and the
  private areas of collaboration and projects) are for its managers and the representatives
  of its active members, and read only for its experts (an expert role in it, or assigned to
  it in an assessment cycle still open).
- A member representative keeps its own organisation's profile; a supervisor may correct any
  organisation that belongs to a community it supervises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.authz.scope import (
    assigned_in_open_cycles_q,
    expert_communities_q,
    has_role,
    is_active_member_rep_in,
    is_assigned_in_open_cycle,
    is_expert_in,
    is_national_supervisor,
    is_operator,
    is_secretariat_anywhere,
    is_secretariat_of,
    is_supervisor,
    member_communities_q,
    represents,
    secretariat_communities_q,
    supervised_communities_q,
    supervised_regions_q,
    supervises,
    supervises_seat,
    supervision_key,
)

if TYPE_CHECKING:
    from iecommons.registry.models import Community, Organization, Region


def visible_supervised_communities(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities of ``queryset`` that ``user`` supervises."""
    condition = supervised_communities_q(user)
    return queryset if condition is None else queryset.filter(condition)


def supervised_view_key(user: Any) -> str:
    """Equal for two people to whom :func:`visible_supervised_communities` gives the same
    rows: a cached fragment of such rows is shared by them alone."""
    return supervision_key(user)


def visible_managed_communities(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities ``user`` may manage: as their supervisor or their secretariat."""
    supervised = supervised_communities_q(user)
    secretariat = secretariat_communities_q(user)
    if supervised is None or secretariat is None:
        return queryset
    return queryset.filter(supervised | secretariat)


def visible_seat_regions(user: Any, queryset: QuerySet[Region]) -> QuerySet[Region]:
    """The regions of ``queryset`` where ``user`` may seat a community: its jurisdiction
    (a province with its cities), or all of them for a national supervisor."""
    condition = supervised_regions_q(user)
    return queryset if condition is None else queryset.filter(condition)


def can_supervise(user: Any, community: Community) -> bool:
    return supervises(user, community)


def can_use_management(user: Any) -> bool:
    """Manages at least one community (shows the management menu)."""
    return is_supervisor(user) or is_secretariat_anywhere(user)


def can_register_communities(user: Any) -> bool:
    """Supervisors register communities in their jurisdiction (operators anywhere)."""
    return is_supervisor(user)


def can_register_national(user: Any) -> bool:
    """National communities are registered by national supervisors (and operators)."""
    return is_national_supervisor(user)


def can_register_organization(user: Any) -> bool:
    """Anyone signed in with a role may register an organisation."""
    return has_role(user)


def can_register_community(user: Any, *, level: str, region_id: int, province_id: int) -> bool:
    """May ``user`` register a community of ``level`` seated in this city of this province?"""
    return supervises_seat(user, level=level, region_id=region_id, province_id=province_id)


def can_manage(user: Any, community: Community) -> bool:
    """Secretariat of the community, or its supervisor."""
    return is_secretariat_of(user, community) or supervises(user, community)


def can_appoint_secretariat(user: Any, community: Community) -> bool:
    """Appointing (and ending) a community's secretariat is its supervisor's decision."""
    return supervises(user, community)


def private_communities_q(user: Any, prefix: str = "") -> Q | None:
    """A filter for the communities whose private records ``user`` may see (``prefix`` for
    a relation, e.g. ``"community__"``); ``None`` means all of them."""
    supervised = supervised_communities_q(user, prefix)
    secretariat = secretariat_communities_q(user, f"{prefix}pk")
    if supervised is None or secretariat is None:
        return None
    return (
        supervised
        | secretariat
        | expert_communities_q(user, f"{prefix}pk")
        | member_communities_q(user, f"{prefix}pk")
        | assigned_in_open_cycles_q(user, f"{prefix}pk")
    )


def visible_private_communities(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities of ``queryset`` whose private records ``user`` may see."""
    condition = private_communities_q(user)
    return queryset if condition is None else queryset.filter(condition)


def can_see_private(user: Any, community: Community) -> bool:
    """History, invitations, contact details — and collaboration's and projects' private
    areas: managers, active members' reps, and (read only) the community's experts and the
    experts assigned to it in an assessment cycle still open."""
    return (
        can_manage(user, community)
        or is_expert_in(user, community)
        or is_active_member_rep_in(user, community)
        or is_assigned_in_open_cycle(user, community)
    )


def can_edit_organization(user: Any, organization: Organization) -> bool:
    """Its own representatives and operators; a supervisor may correct any organisation
    that belongs to a community it supervises."""
    if is_operator(user) or represents(user, organization):
        return True
    condition = supervised_communities_q(user, prefix="community__")
    if condition is None:
        return True
    return organization.memberships.filter(condition).exists()


def can_change_credit_code(user: Any, organization: Organization) -> bool:
    """The credit code identifies the organisation in law: its own representatives may not
    change it; the secretariat of a community it belongs to, a supervisor of one, or an
    operator may correct it (audited)."""
    if is_operator(user):
        return True
    secretariat = secretariat_communities_q(user, "community_id")
    supervised = supervised_communities_q(user, prefix="community__")
    if secretariat is None or supervised is None:
        return True
    return organization.memberships.filter(secretariat | supervised).exists()
