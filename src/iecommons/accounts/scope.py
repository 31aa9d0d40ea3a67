"""Who may do what, where: the one place for each authorization rule of the registry.

A person acts for an organisation, inside a community, inside a jurisdiction:
- an operator (staff superuser) may do everything;
- a supervisor governs the communities of its jurisdiction: a national supervisor all of
  them; a provincial or city supervisor the provincial and municipal communities seated in
  its province or city (national communities belong to the national supervisors);
- a secretariat runs one community; an expert assesses in one community;
- a member representative keeps its own organisation's profile and acts in the communities
  its organisation belongs to.
Pages, the API and the services all ask these functions; none re-derives a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from iecommons.accounts.models import Role, RoleAssignment

if TYPE_CHECKING:
    from iecommons.registry.models import Community, Organization


@dataclass(frozen=True)
class Scope:
    """The active role assignments of one user, loaded once per request."""

    is_operator: bool = False
    national_supervisor: bool = False
    supervised_region_ids: frozenset[int] = field(default_factory=frozenset)
    secretariat_community_ids: frozenset[int] = field(default_factory=frozenset)
    expert_community_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_supervisor(self) -> bool:
        return self.national_supervisor or bool(self.supervised_region_ids)

    @property
    def is_anonymous(self) -> bool:
        return not (
            self.is_operator
            or self.is_supervisor
            or self.secretariat_community_ids
            or self.expert_community_ids
            or self.organization_ids
        )


ANONYMOUS = Scope()


def scope_for(user: Any) -> Scope:
    """The scope of ``user``, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_iecommons_scope", None)
    if cached is not None:
        return cached
    national = False
    regions: set[int] = set()
    secretariat: set[int] = set()
    expert: set[int] = set()
    organizations: set[int] = set()
    rows = RoleAssignment.objects.filter(user=user, ended_at__isnull=True).values_list(
        "role", "region_id", "community_id", "organization_id"
    )
    for role, region_id, community_id, organization_id in rows:
        if role == Role.SUPERVISOR:
            if region_id is None:
                national = True
            else:
                regions.add(region_id)
        elif role == Role.SECRETARIAT:
            secretariat.add(community_id)
        elif role == Role.EXPERT:
            expert.add(community_id)
        elif role == Role.MEMBER:
            organizations.add(organization_id)
    scope = Scope(
        is_operator=bool(user.is_superuser),
        national_supervisor=national,
        supervised_region_ids=frozenset(regions),
        secretariat_community_ids=frozenset(secretariat),
        expert_community_ids=frozenset(expert),
        organization_ids=frozenset(organizations),
    )
    user._iecommons_scope = scope
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the user's role assignments change."""
    if hasattr(user, "_iecommons_scope"):
        del user._iecommons_scope


def _supervised_q(scope: Scope) -> Q:
    """Communities under a regional supervisor: non-national ones seated in its regions."""
    regions = scope.supervised_region_ids
    return ~Q(level="national") & (Q(province_id__in=regions) | Q(region_id__in=regions))


def supervised_communities(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities of ``queryset`` that ``user`` supervises."""
    scope = scope_for(user)
    if scope.is_operator or scope.national_supervisor:
        return queryset
    if scope.supervised_region_ids:
        return queryset.filter(_supervised_q(scope))
    return queryset.none()


def managed_communities(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities ``user`` may manage: as their supervisor or their secretariat."""
    scope = scope_for(user)
    if scope.is_operator or scope.national_supervisor:
        return queryset
    condition = Q(pk__in=scope.secretariat_community_ids)
    if scope.supervised_region_ids:
        condition |= _supervised_q(scope)
    return queryset.filter(condition)


def can_supervise(user: Any, community: Community) -> bool:
    scope = scope_for(user)
    if scope.is_operator or scope.national_supervisor:
        return True
    if not scope.supervised_region_ids or community.level == "national":
        return False
    return bool({community.province_id, community.region_id} & scope.supervised_region_ids)


def can_supervise_region(user: Any, *, level: str, region_id: int, province_id: int) -> bool:
    """May ``user`` register a community of ``level`` seated in this city of this province?"""
    scope = scope_for(user)
    if scope.is_operator or scope.national_supervisor:
        return True
    if level == "national":
        return False
    return bool({region_id, province_id} & scope.supervised_region_ids)


def can_manage(user: Any, community: Community) -> bool:
    """Secretariat of the community, or its supervisor."""
    scope = scope_for(user)
    return community.pk in scope.secretariat_community_ids or can_supervise(user, community)


def can_see_private(user: Any, community: Community) -> bool:
    """Private records of a community (history, invitations, contact details of people):
    its managers, its experts and the representatives of its active members."""
    scope = scope_for(user)
    if can_manage(user, community) or community.pk in scope.expert_community_ids:
        return True
    if scope.organization_ids:
        return community.memberships.filter(
            organization_id__in=scope.organization_ids, left__isnull=True
        ).exists()
    return False


def can_edit_organization(user: Any, organization: Organization) -> bool:
    """Its own representatives and operators; a supervisor may correct any organisation
    that belongs to a community it supervises."""
    scope = scope_for(user)
    if scope.is_operator or organization.pk in scope.organization_ids:
        return True
    if scope.is_supervisor:
        from iecommons.registry.models import Community

        return supervised_communities(
            user, Community.objects.filter(memberships__organization=organization)
        ).exists()
    return False


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless ``allowed``; services call it before every write."""
    if not allowed:
        raise PermissionDenied
