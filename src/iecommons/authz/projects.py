"""Who may see and change joint projects, participation accounts and commitments.

- A community's projects are private to it: whoever may see its private records reads them
  (:func:`iecommons.authz.registry.can_see_private`: its secretariat, its supervisors, its
  experts — read only — and the representatives of its active members); a project marked
  public can be read by anyone.
- A project is started by the community's secretariat or by a representative of an active
  member (whose organisation then leads it), and written (contributions, outcomes,
  milestones, sharing, allocations, comments) by the representatives of its participants
  and by the community's secretariat; operators may do everything.
- A participation account is seen by the organisation's representatives, the secretariats
  and supervisors of the communities it is an active member of, and operators.
- Commitments are set by a community's managers; a fulfilment is recorded by them or by
  the member's own representatives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.authz import registry
from iecommons.authz.scope import (
    acting_organization_ids,
    is_active_member_rep_in,
    is_operator,
    is_secretariat_of,
    represented_q,
    represents,
)

if TYPE_CHECKING:
    from iecommons.projects.models import Project
    from iecommons.registry.models import Community, Membership, Organization


def can_see_community_projects(user: Any, community: Community) -> bool:
    """The community's private records: managers, experts (read only), active members' reps."""
    return registry.can_see_private(user, community)


def can_create_project(user: Any, community: Community) -> bool:
    """The secretariat, or a representative of an active member (which then leads it)."""
    return is_secretariat_of(user, community) or is_active_member_rep_in(user, community)


def leading_organization_ids(user: Any, community: Community) -> frozenset[int]:
    """The organisations a representative who starts a project in ``community`` acts for
    (the first leads it); none for its secretariat, which names the lead itself."""
    if is_secretariat_of(user, community):
        return frozenset()
    return acting_organization_ids(user, community)


def can_view_project(user: Any, project: Project) -> bool:
    if project.visibility == project.Visibility.PUBLIC:
        return True
    return can_see_community_projects(user, project.community)


def can_edit_project(user: Any, project: Project) -> bool:
    """Reps of the project's participants and the community's secretariat."""
    if is_secretariat_of(user, project.community):
        return True
    return project.participants.filter(represented_q(user, "organization_id")).exists()


def can_see_account(user: Any, organization: Organization) -> bool:
    """Its representatives, operators, and the managers of a community it is active in."""
    if is_operator(user) or represents(user, organization):
        return True
    from iecommons.registry.models import Community

    communities = Community.objects.filter(
        memberships__organization=organization, memberships__left__isnull=True
    )
    return registry.visible_managed_communities(user, communities).exists()


def can_manage_commitments(user: Any, community: Community) -> bool:
    """Turning written duties into commitments is the secretariat's (or supervisor's) act."""
    return registry.can_manage(user, community)


def can_record_fulfilment(user: Any, membership: Membership) -> bool:
    """The community's managers, or the member's own representatives."""
    return can_manage_commitments(user, membership.community) or represents(
        user, membership.organization
    )


def visible_projects(user: Any, queryset: QuerySet[Project]) -> QuerySet[Project]:
    """The projects of ``queryset`` that ``user`` may read (used by API lists)."""
    private = registry.private_communities_q(user, "community__")
    if private is None:
        return queryset
    return queryset.filter(Q(visibility="public") | private)
