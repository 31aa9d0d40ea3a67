"""Which desks a person sees after signing in, and over what.

A desk summarises what a role may already see elsewhere: the secretariat's communities, the
organisations a representative acts for, the communities and cycles an expert works in, and a
supervisor's jurisdiction. A person with several roles gets each desk. Operators see the
supervisor's desk over every community.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from iecommons.authz.scope import scope_for, supervised_communities_q

if TYPE_CHECKING:
    from iecommons.assessment.models import AssessmentCycle
    from iecommons.registry.models import Community


@dataclass(frozen=True)
class DeskRoles:
    """The desks of one person, each with the ids it covers."""

    user_id: int | None
    #: The communities on the secretariat's desk.
    secretariat_of: frozenset[int]
    #: The organisations on the representative's desk.
    acts_for: frozenset[int]
    #: The communities on the expert's desk (appointed cycles come on top).
    expert_of: frozenset[int]
    supervises: bool
    all_communities: bool

    @property
    def any(self) -> bool:
        return bool(
            self.secretariat_of
            or self.acts_for
            or self.expert_of
            or (self.user_id is not None and self.supervises)
        )


def desk_roles(user: Any) -> DeskRoles:
    found = scope_for(user)
    return DeskRoles(
        user_id=found.user_id,
        secretariat_of=found.secretariat_community_ids,
        acts_for=found.organization_ids,
        expert_of=found.expert_community_ids,
        supervises=found.is_supervisor or found.is_operator,
        all_communities=found.is_operator or found.national_supervisor,
    )


def visible_expert_cycles(
    user: Any, queryset: QuerySet[AssessmentCycle]
) -> QuerySet[AssessmentCycle]:
    """The cycles of ``queryset`` on the expert's desk: those ``user`` is appointed to, and
    those covering a community it is an expert of."""
    condition = Q(experts__user=user)
    expert_of = scope_for(user).expert_community_ids
    if expert_of:
        condition |= Q(communities__in=expert_of)
    return queryset.filter(condition).distinct()


def values_to_verify_q(user: Any, appointed_cycle_ids: Iterable[int]) -> Q:
    """The indicator values ``user`` verifies: every community of a cycle it is appointed to,
    otherwise the communities it is an expert of."""
    condition = Q(cycle_id__in=list(appointed_cycle_ids))
    expert_of = scope_for(user).expert_community_ids
    if expert_of:
        condition |= Q(community_id__in=expert_of)
    return condition


def visible_jurisdiction(user: Any, queryset: QuerySet[Community]) -> QuerySet[Community]:
    """The communities of ``queryset`` on the supervisor's desk (none for a non-supervisor)."""
    found = scope_for(user)
    if not (found.is_supervisor or found.is_operator):
        return queryset.none()
    condition = supervised_communities_q(user)
    return queryset if condition is None else queryset.filter(condition)


def jurisdiction_q(user: Any, prefix: str) -> Q | None:
    """A filter on a relation to the community (``prefix`` such as ``"community__"``) for the
    supervisor's desk; None means every community."""
    return supervised_communities_q(user, prefix=prefix)


@dataclass(frozen=True)
class NavigationRights:
    """Which sections the header offers ``user``: only what it may use."""

    desk: bool
    assessment: bool
    my_bookings: bool
    bookings_to_decide: bool
    my_surveys: bool
    rectification: bool


def navigation_rights(user: Any) -> NavigationRights:
    found = scope_for(user)
    signed_in = bool(getattr(user, "is_authenticated", False))
    manages = found.is_operator or found.is_supervisor or bool(found.secretariat_community_ids)
    return NavigationRights(
        desk=signed_in,
        # Appointed experts without a role reach assessment from their desk.
        assessment=found.has_role,
        my_bookings=bool(found.organization_ids),
        bookings_to_decide=bool(found.organization_ids or found.secretariat_community_ids)
        or found.is_operator,
        my_surveys=bool(found.organization_ids),
        rectification=manages,
    )


def can_choose_digest(user: Any) -> bool:
    """Every signed-in person chooses its own digest (only its own: the service writes the
    actor's row)."""
    return bool(getattr(user, "is_authenticated", False))
