"""A person's scope, loaded once per request, and the named predicates every rule is built from.

The rule modules of :mod:`iecommons.authz` combine only these predicates; nothing outside this
package reads role rows or tests ``is_superuser``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import FilteredRelation, Q

from iecommons.accounts.models import Role, RoleAssignment

if TYPE_CHECKING:
    from collections.abc import Mapping

    from iecommons.assessment.models import AssessmentCycle
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
    from iecommons.registry.models import Region

    national = False
    provinces: set[int] = set()
    cities: set[int] = set()
    secretariat: set[int] = set()
    expert: set[int] = set()
    organizations: set[int] = set()
    by_community: dict[int, set[int]] = {}
    # One query: each active role, and for a member representative's role one row per
    # community in which its organisation is an active member (a left join).
    rows = (
        RoleAssignment.objects.filter(user=user, ended_at__isnull=True)
        .annotate(
            active=FilteredRelation(
                "organization__memberships",
                condition=Q(organization__memberships__left__isnull=True),
            )
        )
        .values_list(
            "role", "region_id", "region__level", "community_id", "organization_id",
            "active__community_id",
        )
    )  # fmt: skip
    for role, region_id, region_level, community_id, organization_id, member_of in rows:
        if role == Role.MEMBER and member_of is not None:
            by_community.setdefault(member_of, set()).add(organization_id)
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


@dataclass(frozen=True)
class Appointments:
    """A person's appointments as an expert to assessment cycles, and the communities
    assigned to it in each (loaded only when a rule asks about experts)."""

    cycle_ids: frozenset[int] = field(default_factory=frozenset)
    open_cycle_ids: frozenset[int] = field(default_factory=frozenset)
    assigned: Mapping[int, frozenset[int]] = field(default_factory=dict)

    @property
    def open_assigned_community_ids(self) -> frozenset[int]:
        """The communities assigned to the person in the cycles still open."""
        return frozenset().union(
            *(self.assigned.get(cycle_id, frozenset()) for cycle_id in self.open_cycle_ids)
        )


NO_APPOINTMENTS = Appointments()
_APPOINTMENTS_ATTRIBUTE = "_iecommons_appointments"


def appointments_for(user: Any) -> Appointments:
    """The expert appointments of ``user``, cached on the user object like its scope."""
    if user is None or not getattr(user, "is_authenticated", False):
        return NO_APPOINTMENTS
    cached = getattr(user, _APPOINTMENTS_ATTRIBUTE, None)
    if cached is not None:
        return cached
    from iecommons.assessment.models import AssessmentCycle, CycleExpert, ExpertAssignment

    cycle_ids: set[int] = set()
    open_ids: set[int] = set()
    for cycle_id, status in CycleExpert.objects.filter(user=user).values_list(
        "cycle_id", "cycle__status"
    ):
        cycle_ids.add(cycle_id)
        if status == AssessmentCycle.Status.OPEN:
            open_ids.add(cycle_id)
    assigned: dict[int, set[int]] = {}
    if cycle_ids:
        for cycle_id, community_id in ExpertAssignment.objects.filter(
            expert=user, cycle_id__in=cycle_ids
        ).values_list("cycle_id", "community_id"):
            assigned.setdefault(cycle_id, set()).add(community_id)
    found = Appointments(
        cycle_ids=frozenset(cycle_ids),
        open_cycle_ids=frozenset(open_ids),
        assigned={key: frozenset(value) for key, value in assigned.items()},
    )
    setattr(user, _APPOINTMENTS_ATTRIBUTE, found)
    return found


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the person's role assignments, memberships or expert
    appointments change."""
    for attribute in (_CACHE_ATTRIBUTE, _APPOINTMENTS_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


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


def supervision_key(user: Any) -> str:
    """What :func:`supervised_communities_q` depends on, as text: two people with equal
    keys supervise the same communities (a part of a cache key, never a decision)."""
    found = scope_for(user)
    if found.is_operator or found.national_supervisor:
        return "all"
    provinces = ",".join(map(str, sorted(found.supervised_province_ids)))
    cities = ",".join(map(str, sorted(found.supervised_city_ids)))
    return f"provinces:{provinces}|cities:{cities}"


def is_secretariat_of(user: Any, community: Community) -> bool:
    """Runs ``community``'s secretariat (operators count as every secretariat)."""
    found = scope_for(user)
    return found.is_operator or community.pk in found.secretariat_community_ids


def is_secretariat_anywhere(user: Any) -> bool:
    """Runs the secretariat of at least one community (operators count)."""
    found = scope_for(user)
    return found.is_operator or bool(found.secretariat_community_ids)


def secretariat_communities_q(user: Any, field: str = "pk") -> Q | None:
    """A filter on ``field`` (a community id) for the communities whose secretariat ``user``
    runs; ``None`` means all of them (an operator)."""
    found = scope_for(user)
    if found.is_operator:
        return None
    return Q(**{f"{field}__in": found.secretariat_community_ids})


def supervised_regions_q(user: Any, prefix: str = "") -> Q | None:
    """A filter for the regions (provinces and cities) ``user`` supervises, a province
    covering its cities; ``None`` means all of them. Empty for a person who supervises none."""
    found = scope_for(user)
    if found.is_operator or found.national_supervisor:
        return None
    return Q(**{f"{prefix}pk__in": found.supervised_region_ids}) | Q(
        **{f"{prefix}parent_id__in": found.supervised_province_ids}
    )


def is_expert_in(user: Any, community: Community) -> bool:
    """Holds an expert role in ``community`` (appointments to a cycle are assessment's)."""
    return community.pk in scope_for(user).expert_community_ids


def expert_communities_q(user: Any, field: str = "pk") -> Q:
    """A filter on ``field`` (a community id) for the communities ``user`` is an expert in."""
    return Q(**{f"{field}__in": scope_for(user).expert_community_ids})


def is_appointed_expert(user: Any) -> bool:
    """Appointed as an expert to at least one assessment cycle."""
    return bool(appointments_for(user).cycle_ids)


def is_appointed_to(user: Any, cycle: AssessmentCycle) -> bool:
    """Appointed as an expert to ``cycle``."""
    return cycle.pk in appointments_for(user).cycle_ids


def assigned_community_ids(user: Any, cycle: AssessmentCycle) -> frozenset[int]:
    """The communities of ``cycle`` assigned to ``user`` as its appointed expert."""
    found = appointments_for(user)
    if cycle.pk not in found.cycle_ids:
        return frozenset()
    return found.assigned.get(cycle.pk, frozenset())


def is_assigned_in_open_cycle(user: Any, community: Community) -> bool:
    """Assigned ``community`` as an appointed expert of a cycle still open."""
    return community.pk in appointments_for(user).open_assigned_community_ids


def assigned_in_open_cycles_q(user: Any, field: str = "pk") -> Q:
    """A filter on ``field`` (a community id) for the communities assigned to ``user`` in
    the cycles still open."""
    return Q(**{f"{field}__in": appointments_for(user).open_assigned_community_ids})


def represents(user: Any, organization: Organization) -> bool:
    """Acts for ``organization`` as its representative."""
    return organization.pk in scope_for(user).organization_ids


def represents_any(user: Any) -> bool:
    """Acts for at least one organisation."""
    return bool(scope_for(user).organization_ids)


def represented_q(user: Any, field: str = "organization_id") -> Q:
    """A filter on ``field`` (an organisation id) for the organisations ``user`` represents."""
    return Q(**{f"{field}__in": scope_for(user).organization_ids})


def acting_organization_ids(user: Any, community: Community) -> frozenset[int]:
    """The organisations ``user`` represents that are active members of ``community``."""
    return scope_for(user).member_organizations.get(community.pk, frozenset())


def member_communities_q(user: Any, field: str = "pk") -> Q:
    """A filter on ``field`` (a community id) for the communities in which ``user``
    represents an active member."""
    return Q(**{f"{field}__in": scope_for(user).member_community_ids})


def is_active_member_rep_in(user: Any, community: Community) -> bool:
    """Represents at least one active member organisation of ``community``."""
    return bool(acting_organization_ids(user, community))
