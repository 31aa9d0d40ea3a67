"""Who may do what in the registry: communities, organisations, memberships, councils.

- Supervisors govern the communities of their jurisdiction (the rule in :mod:`iecommons.authz`).
- A secretariat runs one community; managing a community is for its secretariat or supervisors.
- Private records of a community (history, invitations, contact details of people) are for its
  managers, its experts and the representatives of its active members.
- A member representative keeps its own organisation's profile; a supervisor may correct any
  organisation that belongs to a community it supervises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.authz.scope import (
    is_active_member_rep_in,
    is_expert_in,
    is_operator,
    is_secretariat_of,
    represents,
    scope_for,
    supervised_communities_q,
    supervises,
    supervises_seat,
)

if TYPE_CHECKING:
    from iecommons.registry.models import Community, Organization


def visible_supervised_communities(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities of ``queryset`` that ``user`` supervises."""
    condition = supervised_communities_q(user)
    return queryset if condition is None else queryset.filter(condition)


def visible_managed_communities(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities ``user`` may manage: as their supervisor or their secretariat."""
    condition = supervised_communities_q(user)
    if condition is None:
        return queryset
    return queryset.filter(condition | Q(pk__in=scope_for(user).secretariat_community_ids))


def can_supervise(user: Any, community: Community) -> bool:
    return supervises(user, community)


def can_register_community(user: Any, *, level: str, region_id: int, province_id: int) -> bool:
    """May ``user`` register a community of ``level`` seated in this city of this province?"""
    return supervises_seat(user, level=level, region_id=region_id, province_id=province_id)


def can_manage(user: Any, community: Community) -> bool:
    """Secretariat of the community, or its supervisor."""
    return is_secretariat_of(user, community) or supervises(user, community)


def can_see_private(user: Any, community: Community) -> bool:
    """History, invitations, contact details: managers, experts, active members' reps."""
    return (
        can_manage(user, community)
        or is_expert_in(user, community)
        or is_active_member_rep_in(user, community)
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
    secretariat_of = scope_for(user).secretariat_community_ids
    if secretariat_of and organization.memberships.filter(community_id__in=secretariat_of).exists():
        return True
    condition = supervised_communities_q(user, prefix="community__")
    if condition is None:
        return True
    return organization.memberships.filter(condition).exists()
