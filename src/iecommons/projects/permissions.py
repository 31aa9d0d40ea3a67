"""Who may see and change joint projects, accounts and commitments: the one place for
each rule of this app. Every function asks :mod:`iecommons.accounts.scope`.

- A community's projects are private to it: its secretariat, its supervisors and the
  representatives of its active member organisations see them (a project marked public
  can be read by anyone).
- A project is written (contributions, outcomes, milestones, sharing, allocations,
  comments) by the representatives of its participants and by the community's
  secretariat; operators may do everything.
- A participation account is seen by the organisation's representatives, the
  secretariats and supervisors of the communities it belongs to, and operators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from iecommons.accounts import scope

if TYPE_CHECKING:
    from iecommons.projects.models import Project
    from iecommons.registry.models import Community, Membership, Organization


def _is_active_member_rep(user: Any, community: Community) -> bool:
    organization_ids = scope.scope_for(user).organization_ids
    if not organization_ids:
        return False
    return community.memberships.filter(
        organization_id__in=organization_ids, left__isnull=True
    ).exists()


def can_see_community_projects(user: Any, community: Community) -> bool:
    """The community's secretariat, its supervisors and reps of its active members."""
    return scope.can_manage(user, community) or _is_active_member_rep(user, community)


def can_create_project(user: Any, community: Community) -> bool:
    """The secretariat, or a representative of an active member (which then leads it)."""
    own = scope.scope_for(user)
    return (
        own.is_operator
        or community.pk in own.secretariat_community_ids
        or _is_active_member_rep(user, community)
    )


def can_view_project(user: Any, project: Project) -> bool:
    from iecommons.projects.models import Project as ProjectModel

    if project.visibility == ProjectModel.Visibility.PUBLIC:
        return True
    return can_see_community_projects(user, project.community)


def can_edit_project(user: Any, project: Project) -> bool:
    """Reps of the project's participants and the community's secretariat."""
    own = scope.scope_for(user)
    if own.is_operator or project.community_id in own.secretariat_community_ids:
        return True
    if not own.organization_ids:
        return False
    return project.participants.filter(organization_id__in=own.organization_ids).exists()


def can_see_account(user: Any, organization: Organization) -> bool:
    own = scope.scope_for(user)
    if own.is_operator or organization.pk in own.organization_ids:
        return True
    if not (own.is_supervisor or own.secretariat_community_ids):
        return False
    from iecommons.registry.models import Community

    communities = Community.objects.filter(
        memberships__organization=organization, memberships__left__isnull=True
    )
    return scope.managed_communities(user, communities).exists()


def can_manage_commitments(user: Any, community: Community) -> bool:
    """Turning written duties into commitments is the secretariat's (or supervisor's) act."""
    return scope.can_manage(user, community)


def can_record_fulfilment(user: Any, membership: Membership) -> bool:
    """The secretariat, or the member's own representatives."""
    return scope.can_manage(user, membership.community) or (
        membership.organization_id in scope.scope_for(user).organization_ids
    )


def visible_projects(user: Any, queryset: QuerySet[Project]) -> QuerySet[Project]:
    """The projects of ``queryset`` that ``user`` may read (used by API lists)."""
    from django.db.models import Q

    from iecommons.registry.models import Community, Membership

    own = scope.scope_for(user)
    if own.is_operator or own.national_supervisor:
        return queryset
    managed = scope.managed_communities(user, Community.objects.all()).values("pk")
    condition = Q(visibility="public") | Q(community_id__in=managed)
    if own.organization_ids:
        condition |= Q(
            community_id__in=Membership.objects.filter(
                organization_id__in=own.organization_ids, left__isnull=True
            ).values("community_id")
        )
    return queryset.filter(condition)


require = scope.require
