"""Who may do what in a community's collaboration area: one function per rule.

- **Private** (bookings, the calendar's bookings, threads, documents, meetings, non-public
  announcements): whoever may see the community's private records
  (:func:`iecommons.authz.registry.can_see_private`: its secretariat, its supervisors, its
  experts — read only — and the representatives of its active members). Anyone else gets
  404 for an object and 403 for a community page: a member of community B sees nothing of A.
- **Public**: announcements marked public, and the resource catalogue's *summary* (name,
  type, owner, location, capacity, terms, description and opening hours of active
  resources) — advertising what a community can share is the point of the catalogue.
  Who booked what, and when, stays private.
- **Acting**: a member representative acts for its organisation, and only while that
  organisation is an active member; the secretariat runs the community; supervisors and
  experts read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from iecommons.authz import registry
from iecommons.authz.scope import (
    acting_organization_ids,
    is_active_member_rep_in,
    is_operator,
    is_secretariat_of,
    represented_q,
    represents,
    secretariat_communities_q,
)
from iecommons.common.collation import pinyin

if TYPE_CHECKING:
    from iecommons.collaboration.models import Announcement, Booking, Document, Resource
    from iecommons.registry.models import Community, Organization


def can_see_private(user: Any, community: Community) -> bool:
    """Bookings, threads, documents, meetings and members-only announcements."""
    return registry.can_see_private(user, community)


def can_run(user: Any, community: Community) -> bool:
    """The community's secretariat (or an operator): runs its collaboration area."""
    return is_secretariat_of(user, community)


def acting_organizations(user: Any, community: Community) -> list[Organization]:
    """The active member organisations of ``community`` that ``user`` represents, by name."""
    from iecommons.registry.models import Organization

    organization_ids = acting_organization_ids(user, community)
    if not organization_ids:
        return []
    return list(Organization.objects.filter(pk__in=organization_ids).order_by(pinyin("name")))


def can_change_settings(user: Any, community: Community) -> bool:
    """How long a request may wait for an answer: the community's managers."""
    return registry.can_manage(user, community)


def can_participate(user: Any, community: Community) -> bool:
    """Start threads, post, upload documents: the secretariat and active members' reps."""
    return can_run(user, community) or is_active_member_rep_in(user, community)


# --- resources -------------------------------------------------------------------------------


def can_offer_resource(user: Any, community: Community) -> bool:
    """Offer a resource at all: the secretariat, or a representative of an active member."""
    return can_participate(user, community)


def visible_resource_owners(
    user: Any, community: Community, queryset: QuerySet[Organization]
) -> QuerySet[Organization]:
    """The organisations of ``queryset`` whose resources ``user`` may offer in
    ``community``: all of them for its secretariat, else those ``user`` acts for there."""
    if can_run(user, community):
        return queryset
    return queryset.filter(pk__in=acting_organization_ids(user, community))


def can_see_resource_summary(user: Any, resource: Resource) -> bool:
    """The public summary of an active resource; a withdrawn one only privately."""
    if resource.status == resource.Status.ACTIVE:
        return True
    return can_see_private(user, resource.community)


def can_post_resource(user: Any, community: Community, owner: Organization) -> bool:
    """The owner's representatives, or the secretariat, may offer the owner's resource."""
    return can_run(user, community) or represents(user, owner)


def can_edit_resource(user: Any, resource: Resource) -> bool:
    return can_post_resource(user, resource.community, resource.owner)


def can_request_booking(user: Any, resource: Resource, organization: Organization) -> bool:
    """A representative of ``organization``, which must be an active member."""
    return organization.pk in acting_organization_ids(user, resource.community)


# --- bookings --------------------------------------------------------------------------------


def can_see_booking(user: Any, booking: Booking) -> bool:
    return can_see_private(user, booking.resource.community)


def can_decide_booking(user: Any, booking: Booking) -> bool:
    """The owner's representatives, or the secretariat (who hears of overdue requests)."""
    resource = booking.resource
    return represents(user, resource.owner) or can_run(user, resource.community)


def can_cancel_booking(user: Any, booking: Booking) -> bool:
    """The requesting organisation's representatives."""
    return represents(user, booking.organization)


def can_record_usage(user: Any, booking: Booking) -> bool:
    return can_decide_booking(user, booking)


def visible_requested_bookings(user: Any, queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    """The bookings of ``queryset`` requested for organisations ``user`` represents."""
    return queryset.filter(represented_q(user, "organization_id"))


def visible_bookings_to_decide(user: Any, queryset: QuerySet[Booking]) -> QuerySet[Booking]:
    """Requests for resources owned by organisations ``user`` represents and, for a
    secretariat, every request in its communities (an operator: all of them)."""
    if is_operator(user):
        return queryset
    condition = represented_q(user, "resource__owner_id")
    secretariat = secretariat_communities_q(user, "resource__community_id")
    if secretariat is not None:
        condition |= secretariat
    return queryset.filter(condition)


# --- communication ---------------------------------------------------------------------------


def can_read_announcement(user: Any, announcement: Announcement) -> bool:
    return announcement.is_public or can_see_private(user, announcement.community)


def can_post_announcement(user: Any, community: Community) -> bool:
    return can_run(user, community)


def can_read_document(user: Any, document: Document) -> bool:
    return can_see_private(user, document.community)


def can_record_meeting(user: Any, community: Community) -> bool:
    return can_run(user, community)
