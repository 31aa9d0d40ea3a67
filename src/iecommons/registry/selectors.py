"""Reads of the registry, shared by the pages and the API.

The registry itself (communities, organisations, members, councils) is public; private
records (history, invitations, people's contact details) are read through
:mod:`iecommons.authz.registry`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone

from iecommons.common.collation import pinyin
from iecommons.registry.models import Community, CouncilSeat, Membership, Organization, Person


@dataclass(frozen=True)
class CommunityFilter:
    """The registry's filters; every field is optional. ``q`` searches names of the
    community, its active members and its lead units."""

    q: str = ""
    kind: str = ""
    level: str = ""
    field: str = ""  # Field.code
    province: str = ""  # Region.code of a province
    city: str = ""  # Region.code of a city
    status: str = ""


SORTS = {
    "name": ("name",),
    "-founded": ("-founded", "name"),
    "founded": ("founded", "name"),
    "-members": ("-member_count", "name"),
}


def community_search(
    filters: CommunityFilter, *, sort: str = "name", english: bool = False
) -> QuerySet[Community]:
    """Communities matching ``filters``, with what a list row shows loaded in the same query.

    With ``english``, names sort by the English name a reader sees (the Chinese name where
    there is none), so that the list reads alphabetically on English pages."""
    queryset = Community.objects.select_related("field", "region", "province")
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.field:
        queryset = queryset.filter(
            Q(field__code=filters.field) | Q(field__parent__code=filters.field)
        )
    if filters.province:
        queryset = queryset.filter(province__code=filters.province)
    if filters.city:
        queryset = queryset.filter(region__code=filters.city)
    text = filters.q.strip()
    if text:
        members = Membership.objects.filter(left__isnull=True).filter(
            Q(organization__name__icontains=text) | Q(organization__name_en__icontains=text)
        )
        queryset = queryset.filter(
            Q(name__icontains=text)
            | Q(name_en__icontains=text)
            | Q(pk__in=members.values("community_id"))
        )
    order: tuple[Any, ...] = SORTS.get(sort, SORTS["name"])
    if english:
        queryset = queryset.annotate(
            shown_name=Lower(Coalesce(NullIf("name_en", Value("")), "name"))
        )
        order = tuple("shown_name" if key == "name" else key for key in order)
    else:  # Chinese names in pinyin order (七台河, 三亚, 上海), not by code point
        order = tuple(pinyin("name") if key == "name" else key for key in order)
    return queryset.order_by(*order)


def community_detail(pk: int) -> Community:
    """One community with its field and seat; raises Community.DoesNotExist."""
    return Community.objects.select_related("field", "region", "province", "secretariat_host").get(
        pk=pk
    )


def community_members(
    community: Community, *, active: bool = True, search: str = ""
) -> QuerySet[Membership]:
    """The community's memberships (active ones, or ended ones), organisation loaded;
    ``search``: part of the organisation's name (Chinese or English) or credit code."""
    queryset = community.memberships.select_related("organization", "organization__region")
    text = search.strip()
    if text:
        queryset = queryset.filter(
            Q(organization__name__icontains=text)
            | Q(organization__name_en__icontains=text)
            | Q(organization__credit_code__icontains=text)
        )
    if active:
        return queryset.filter(left__isnull=True).order_by(
            "organization__type", pinyin("organization__name")
        )
    return queryset.filter(left__isnull=False).order_by("-left", "organization__name")


def community_lead_units(community: Community) -> list[Organization]:
    return [
        membership.organization
        for membership in community.memberships.filter(
            left__isnull=True, role=Membership.Role.LEAD_UNIT
        ).select_related("organization")
    ]


def community_council(community: Community, *, current: bool = True) -> list[CouncilSeat]:
    """Council seats, most senior position first."""
    queryset = community.council_seats.select_related("person", "organization")
    if current:
        # A term with a planned end in the future is still running.
        queryset = queryset.filter(Q(term_end__isnull=True) | Q(term_end__gte=timezone.localdate()))
    order = {position: index for index, position in enumerate(CouncilSeat.POSITION_ORDER)}
    return sorted(queryset, key=lambda seat: (order[seat.position], seat.term_start, seat.pk))


def community_history(community: Community) -> QuerySet[Membership]:
    """Every join and departure, newest first: the community's membership history."""
    return community.memberships.select_related("organization").order_by("-joined", "-id")


def organization_search(
    *, q: str = "", type: str = "", province: str = ""
) -> QuerySet[Organization]:
    queryset = Organization.objects.select_related("region", "region__parent")
    if q.strip():
        text = q.strip()
        queryset = queryset.filter(
            Q(name__icontains=text) | Q(name_en__icontains=text) | Q(credit_code__iexact=text)
        )
    if type:
        queryset = queryset.filter(type=type)
    if province:
        queryset = queryset.filter(Q(region__parent__code=province) | Q(region__code=province))
    return queryset.order_by(pinyin("name"))


def organization_memberships(organization: Organization) -> QuerySet[Membership]:
    """Every community the organisation belongs or belonged to, current first."""
    # nulls_first: PostgreSQL would otherwise put the current (left IS NULL) rows last.
    return organization.memberships.select_related("community", "community__field").order_by(
        F("left").asc(nulls_first=True), "-joined"
    )


def people_of(organization: Organization) -> QuerySet[Person]:
    return organization.people.all().order_by("name")


def is_active_member(organization: Organization, community: Community) -> bool:
    """Is ``organization`` a member of ``community`` that has not left?"""
    return community.memberships.filter(organization=organization, left__isnull=True).exists()


# --- what an irreversible action would end ---------------------------------------------------


@dataclass(frozen=True)
class Endings:
    """How many memberships and council terms an action would end (its confirmation says)."""

    memberships: int
    council_seats: int


def dissolution_endings(community: Community) -> Endings:
    """What dissolving ``community`` ends: every active membership and open council term."""
    return Endings(
        memberships=community.memberships.filter(left__isnull=True).count(),
        council_seats=CouncilSeat.objects.filter(
            community=community, term_end__isnull=True
        ).count(),
    )


def membership_endings(membership: Membership) -> Endings:
    """What ending ``membership`` ends: itself and its people's open council terms."""
    return Endings(
        memberships=1 if membership.left is None else 0,
        council_seats=CouncilSeat.objects.filter(
            community_id=membership.community_id,
            organization_id=membership.organization_id,
            term_end__isnull=True,
        ).count(),
    )
