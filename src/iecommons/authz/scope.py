"""A person's scope, loaded once per request, and the named predicates every rule is built from.

The rule modules of :mod:`iecommons.authz` combine only these predicates; nothing outside this
package reads role rows or tests ``is_superuser``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from iecommons.accounts.models import Role, RoleAssignment

if TYPE_CHECKING:
    from collections.abc import Mapping

    from iecommons.registry.models import Community, Organization, Region


@dataclass(frozen=True)
class Scope:
    """The active role assignments of one person, with what follows from them.

    ``member_organizations`` maps each community in which an organisation the person
    represents is an active member to those organisations, so "acts for an active member
    of this community" needs no query.
    """

    user_id: int | None = None
    is_operator: bool = False
    national_supervisor: bool = False
    supervised_province_ids: frozenset[int] = field(default_factory=frozenset)
    supervised_city_ids: frozenset[int] = field(default_factory=frozenset)
    secretariat_community_ids: frozenset[int] = field(default_factory=frozenset)
    expert_community_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    member_organizations: Mapping[int, frozenset[int]] = field(default_factory=dict)

    @property
    def supervised_region_ids(self) -> frozenset[int]:
        """Every region a regional supervisor was given, provinces and cities alike."""
        return self.supervised_province_ids | self.supervised_city_ids

    @property
    def is_supervisor(self) -> bool:
        return self.national_supervisor or bool(self.supervised_region_ids)

    @property
    def member_community_ids(self) -> frozenset[int]:
        return frozenset(self.member_organizations)

    @property
    def has_role(self) -> bool:
        return (
            self.is_operator
            or self.is_supervisor
            or bool(self.secretariat_community_ids)
            or bool(self.expert_community_ids)
            or bool(self.organization_ids)
        )

    @property
    def is_anonymous(self) -> bool:
        return not self.has_role


ANONYMOUS = Scope()
_CACHE_ATTRIBUTE = "_iecommons_scope"


def scope_for(user: Any) -> Scope:
    """The scope of ``user``, cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    scope = _load(user)
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def _load(user: Any) -> Scope:
    from iecommons.registry.models import Membership, Region

    national = False
    provinces: set[int] = set()
    cities: set[int] = set()
    secretariat: set[int] = set()
    expert: set[int] = set()
    organizations: set[int] = set()
    rows = RoleAssignment.objects.filter(user=user, ended_at__isnull=True).values_list(
        "role", "region_id", "region__level", "community_id", "organization_id"
    )
    for role, region_id, region_level, community_id, organization_id in rows:
        if role == Role.SUPERVISOR:
            if region_id is None:
                national = True
            elif region_level == Region.Level.PROVINCE:
                provinces.add(region_id)
            else:
                cities.add(region_id)
        elif role == Role.SECRETARIAT:
            secretariat.add(community_id)
        elif role == Role.EXPERT:
            expert.add(community_id)
        elif role == Role.MEMBER:
            organizations.add(organization_id)
    by_community: dict[int, set[int]] = {}
    if organizations:
        active = Membership.objects.filter(
            organization_id__in=organizations, left__isnull=True
        ).values_list("community_id", "organization_id")
        for community_id, organization_id in active:
            by_community.setdefault(community_id, set()).add(organization_id)
    return Scope(
        user_id=user.pk,
        is_operator=bool(user.is_superuser),
        national_supervisor=national,
        supervised_province_ids=frozenset(provinces),
        supervised_city_ids=frozenset(cities),
        secretariat_community_ids=frozenset(secretariat),
        expert_community_ids=frozenset(expert),
        organization_ids=frozenset(organizations),
        member_organizations={key: frozenset(value) for key, value in by_community.items()},
    )


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the person's role assignments or memberships change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless ``allowed``; services call it before every write."""
    if not allowed:
        raise PermissionDenied


# --- the predicates --------------------------------------------------------------------------


def is_signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def has_role(user: Any) -> bool:
    """Holds any active role (or is an operator)."""
    return scope_for(user).has_role


def is_operator(user: Any) -> bool:
    return scope_for(user).is_operator


def is_supervisor(user: Any) -> bool:
    """A supervisor of any jurisdiction, or an operator."""
    found = scope_for(user)
    return found.is_operator or found.is_supervisor


def is_national_supervisor(user: Any) -> bool:
    """Supervises the whole country (operators do too)."""
    found = scope_for(user)
    return found.is_operator or found.national_supervisor


def supervises_seat(
    user: Any, *, level: str, region_id: int | None, province_id: int | None
) -> bool:
    """Supervises a community of ``level`` seated in this city (or province) of this province."""
    found = scope_for(user)
    if found.is_operator or found.national_supervisor:
        return True
    if level == "national":
        return False
    return (province_id is not None and province_id in found.supervised_province_ids) or (
        region_id is not None and region_id in found.supervised_region_ids
    )


def supervises(user: Any, community: Community) -> bool:
    """Supervises ``community``, by the jurisdiction rule of :mod:`iecommons.authz`."""
    return supervises_seat(
        user,
        level=community.level,
        region_id=community.region_id,
        province_id=community.province_id,
    )


def supervises_jurisdiction(user: Any, region: Region | None) -> bool:
    """Supervises a cycle or programme opened for ``region`` (``None``: the whole country)."""
    found = scope_for(user)
    if found.is_operator or found.national_supervisor:
        return True
    if region is None:
        return False
    return region.pk in found.supervised_region_ids or (
        region.parent_id is not None and region.parent_id in found.supervised_province_ids
    )


def supervised_communities_q(user: Any, prefix: str = "") -> Q | None:
    """A filter for the communities ``user`` supervises (``prefix`` for a relation, e.g.
    ``"community__"``); ``None`` means all of them. Empty for a person who supervises none."""
    found = scope_for(user)
    if found.is_operator or found.national_supervisor:
        return None
    if not found.supervised_region_ids:
        return Q(pk__in=[])
    return ~Q(**{f"{prefix}level": "national"}) & (
        Q(**{f"{prefix}province_id__in": found.supervised_province_ids})
        | Q(**{f"{prefix}region_id__in": found.supervised_region_ids})
    )


def is_secretariat_of(user: Any, community: Community) -> bool:
    """Runs ``community``'s secretariat (operators count as every secretariat)."""
    found = scope_for(user)
    return found.is_operator or community.pk in found.secretariat_community_ids


def is_expert_in(user: Any, community: Community) -> bool:
    """Holds an expert role in ``community`` (appointments to a cycle are assessment's)."""
    return community.pk in scope_for(user).expert_community_ids


def represents(user: Any, organization: Organization) -> bool:
    """Acts for ``organization`` as its representative."""
    return organization.pk in scope_for(user).organization_ids


def acting_organization_ids(user: Any, community: Community) -> frozenset[int]:
    """The organisations ``user`` represents that are active members of ``community``."""
    return scope_for(user).member_organizations.get(community.pk, frozenset())


def is_active_member_rep_in(user: Any, community: Community) -> bool:
    """Represents at least one active member organisation of ``community``."""
    return bool(acting_organization_ids(user, community))
