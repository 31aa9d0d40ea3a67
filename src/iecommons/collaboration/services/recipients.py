"""Who hears of what: the users behind an organisation or a community's secretariat."""

from __future__ import annotations

from django.db.models import QuerySet

from iecommons.accounts.models import Role, User
from iecommons.registry.models import Community


def representatives_of(organization_id: int) -> QuerySet[User]:
    """Users who currently represent the organisation."""
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.MEMBER,
        role_assignments__organization_id=organization_id,
        role_assignments__ended_at__isnull=True,
    ).distinct()


def secretariat_of(community_id: int) -> QuerySet[User]:
    """Users who currently hold the community's secretariat role."""
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.SECRETARIAT,
        role_assignments__community_id=community_id,
        role_assignments__ended_at__isnull=True,
    ).distinct()


def member_representatives_of(community: Community) -> QuerySet[User]:
    """Representatives of the community's active member organisations."""
    members = community.memberships.filter(left__isnull=True).values("organization_id")
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.MEMBER,
        role_assignments__organization_id__in=members,
        role_assignments__ended_at__isnull=True,
    ).distinct()
