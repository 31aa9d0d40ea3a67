"""Reads of role assignments for display and for choosing whom to notify.

Who may do what is decided by :mod:`iecommons.authz` alone; these reads only list the
people who hold a role (a community's secretariat, an organisation's representatives, the
caller's own roles).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from iecommons.accounts.models import Role, RoleAssignment, User


def active_roles(*, role: str | None = None) -> QuerySet[RoleAssignment]:
    """Every role assignment that has not ended (of one ``role`` if given)."""
    queryset = RoleAssignment.objects.filter(ended_at__isnull=True)
    return queryset if role is None else queryset.filter(role=role)


def roles_of(user: Any) -> QuerySet[RoleAssignment]:
    """The active roles of ``user``, with where each applies, in a stable order."""
    return (
        active_roles()
        .filter(user=user)
        .select_related("region", "community", "organization")
        .order_by("role", "id")
    )


def secretariat_roles(community_ids: Iterable[int]) -> QuerySet[RoleAssignment]:
    """The active secretariat roles of these communities, with their people."""
    return (
        active_roles(role=Role.SECRETARIAT)
        .filter(community_id__in=list(community_ids))
        .select_related("user", "user__person", "user__person__organization")
    )


def secretariat_users(community_ids: Iterable[int]) -> list[User]:
    """The users who currently run the secretariat of any of these communities."""
    return [assignment.user for assignment in secretariat_roles(community_ids)]


def representative_roles(organization_ids: Iterable[int]) -> QuerySet[RoleAssignment]:
    """The active member-representative roles of these organisations."""
    return (
        active_roles(role=Role.MEMBER)
        .filter(organization_id__in=list(organization_ids))
        .select_related("user")
    )


def representatives_of(organization_ids: Iterable[int]) -> list[User]:
    """The users who currently represent any of these organisations."""
    return [assignment.user for assignment in representative_roles(organization_ids)]


def supervisors_of(community: Any) -> list[User]:
    """The people who supervise ``community`` (national supervisors; for a provincial or
    municipal community also those of its province and of its city), to notify them."""
    regions = Q(region__isnull=True)
    if community.level != "national":
        regions |= Q(region_id__in=[community.province_id, community.region_id])
    ids = active_roles(role=Role.SUPERVISOR).filter(regions).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True))


def supervisors_of_jurisdiction(region: Any) -> list[User]:
    """The people who supervise a cycle or programme opened for ``region`` (None: the
    whole country): national supervisors, those of the region, and for a city those of
    its province (the rule of ``authz.scope.supervises_jurisdiction``)."""
    regions = Q(region__isnull=True)
    if region is not None:
        regions |= Q(region_id=region.pk)
        if region.parent_id is not None:
            regions |= Q(region_id=region.parent_id)
    ids = active_roles(role=Role.SUPERVISOR).filter(regions).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True))
