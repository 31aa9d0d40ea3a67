"""Who may do what in a community's collaboration area: one function per rule.

The rules build on :mod:`iecommons.accounts.scope`:

- **Private** (bookings, the calendar's bookings, threads, documents, meetings, non-public
  announcements): the community's secretariat, its supervisors, its experts and the
  representatives of its active members (``scope.can_see_private``). Anyone else gets 404
  for an object and 403 for a community page: a member of community B sees nothing of A.
- **Public**: announcements marked public, and the resource catalogue's *summary* (name,
  type, owner, location, capacity, terms, description and opening hours of active
  resources) — advertising what a community can share is the point of the catalogue.
  Who booked what, and when, stays private.
- **Acting**: a member representative acts for its organisation, and only while that
  organisation is an active member; the secretariat runs the community; supervisors read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iecommons.accounts import scope

if TYPE_CHECKING:
    from iecommons.collaboration.models import (
        Announcement,
        Booking,
        Document,
        Resource,
    )
    from iecommons.registry.models import Community, Organization


def can_see_private(user: Any, community: Community) -> bool:
    """Bookings, threads, documents, meetings and members-only announcements."""
    return scope.can_see_private(user, community)


def is_secretariat(user: Any, community: Community) -> bool:
    """The community's secretariat (or an operator): runs its collaboration area."""
    current = scope.scope_for(user)
    return current.is_operator or community.pk in current.secretariat_community_ids


def acting_organizations(user: Any, community: Community) -> list[Organization]:
    """The active member organisations of ``community`` that ``user`` represents."""
    from iecommons.registry.models import Organization

    organization_ids = scope.scope_for(user).organization_ids
    if not organization_ids:
        return []
    return list(
        Organization.objects.filter(
            pk__in=organization_ids,
            memberships__community=community,
            memberships__left__isnull=True,
        ).order_by("name")
    )


def is_active_member(organization: Organization, community: Community) -> bool:
    return community.memberships.filter(organization=organization, left__isnull=True).exists()


def represents(user: Any, organization: Organization) -> bool:
    return organization.pk in scope.scope_for(user).organization_ids


def can_participate(user: Any, community: Community) -> bool:
    """Start threads, post, upload documents: the secretariat and active members' reps."""
    return is_secretariat(user, community) or bool(acting_organizations(user, community))


# --- resources -------------------------------------------------------------------------------


def can_see_resource_summary(user: Any, resource: Resource) -> bool:
    """The public summary of an active resource; a withdrawn one only privately."""
    if resource.status == resource.Status.ACTIVE:
        return True
    return can_see_private(user, resource.community)


def can_post_resource(user: Any, community: Community, owner: Organization) -> bool:
    """The owner's representatives, or the secretariat, may offer the owner's resource."""
    return is_secretariat(user, community) or represents(user, owner)


def can_edit_resource(user: Any, resource: Resource) -> bool:
    return can_post_resource(user, resource.community, resource.owner)


def can_request_booking(user: Any, resource: Resource, organization: Organization) -> bool:
    """A representative of ``organization``, which must be an active member."""
    return represents(user, organization) and is_active_member(organization, resource.community)


# --- bookings --------------------------------------------------------------------------------


def can_see_booking(user: Any, booking: Booking) -> bool:
    return can_see_private(user, booking.resource.community)


def can_decide_booking(user: Any, booking: Booking) -> bool:
    """The owner's representatives, or the secretariat (who hears of overdue requests)."""
    resource = booking.resource
    return represents(user, resource.owner) or is_secretariat(user, resource.community)


def can_cancel_booking(user: Any, booking: Booking) -> bool:
    """The requesting organisation's representatives."""
    return represents(user, booking.organization)


def can_record_usage(user: Any, booking: Booking) -> bool:
    return can_decide_booking(user, booking)


# --- communication ---------------------------------------------------------------------------


def can_read_announcement(user: Any, announcement: Announcement) -> bool:
    return announcement.is_public or can_see_private(user, announcement.community)


def can_post_announcement(user: Any, community: Community) -> bool:
    return is_secretariat(user, community)


def can_read_document(user: Any, document: Document) -> bool:
    return can_see_private(user, document.community)


def can_record_meeting(user: Any, community: Community) -> bool:
    return is_secretariat(user, community)
