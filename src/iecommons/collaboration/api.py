"""The collaboration area's JSON API, mounted at ``/api/collaboration/``.

Same scoping as the pages (:mod:`iecommons.authz.collaboration`): the catalogue's
summary and public announcements are public reads; everything else needs credentials and
answers 404 for an object of a community the caller may not see. Writes call one service
each; its refusals become 422 with field-named errors through the API's handlers.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from iecommons.accounts.api_auth import PUBLIC
from iecommons.authz import collaboration as rules
from iecommons.collaboration import selectors, services
from iecommons.collaboration.models import Announcement, Booking, Post, Resource, Thread
from iecommons.common.api import ERRORS, ErrorOut, LocalTime, Page, PageQuery, actor, paginate
from iecommons.common.api_input import Moment
from iecommons.common.services import refuse
from iecommons.registry.models import Community, Organization

router = Router(tags=["collaboration"])
PUBLIC_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- schemas ---------------------------------------------------------------------------------


class CollaborationOrganizationRef(Schema):
    id: int
    name: str


class WindowOut(Schema):
    weekday: int = Field(description="0 = Monday.")
    start_time: LocalTime
    end_time: LocalTime


class ResourceOut(Schema):
    id: int
    community_id: int
    name: str
    name_en: str = Field(description="The English name; empty when only the Chinese is given.")
    type: str
    owner: CollaborationOrganizationRef
    location: str
    location_en: str
    capacity: int
    unit: str
    unit_en: str
    terms: str
    price: Decimal | None
    status: str
    description: str


class ResourceDetailOut(ResourceOut):
    windows: list[WindowOut]

    @staticmethod
    def resolve_windows(obj: Resource) -> list[Any]:
        return list(obj.windows.all())


class ResourceQuery(PageQuery):
    q: str = Field("", description="Part of the name, description, location or owner's name.")
    type: str = Field("", description="One of the resource types.")


class BookingOut(Schema):
    id: int
    resource_id: int
    resource_name: str = Field(alias="resource.name")
    community_id: int = Field(alias="resource.community_id")
    organization: CollaborationOrganizationRef
    start: datetime.datetime
    end: datetime.datetime
    quantity: int
    purpose: str
    status: str
    decision_comment: str
    escalated_at: datetime.datetime | None


class BookingQuery(PageQuery):
    status: str = ""


class BookingIn(Schema):
    resource_id: int
    organization_id: int = Field(description="The member organisation you book for.")
    start: Moment
    end: Moment
    quantity: int = 1
    purpose: str


class CollaborationDecisionIn(Schema):
    comment: str = ""


class UsageIn(Schema):
    hours: Decimal
    quantity: int
    note: str = ""


class UsageOut(Schema):
    booking_id: int
    hours: Decimal
    quantity: int
    note: str


class AnnouncementOut(Schema):
    id: int
    community_id: int
    title: str
    body: str
    is_public: bool
    published_at: datetime.datetime


class AnnouncementIn(Schema):
    title: str
    body: str
    is_public: bool = False


class ThreadOut(Schema):
    id: int
    community_id: int
    title: str
    post_count: int
    last_post_at: datetime.datetime


class ThreadIn(Schema):
    title: str
    body: str


class PostOut(Schema):
    id: int
    thread_id: int
    author: str = Field(alias="author.username", default="")
    body: str
    created_at: datetime.datetime


class PostIn(Schema):
    body: str


# --- look-ups --------------------------------------------------------------------------------


def _community(community_id: int) -> Community:
    return Community.objects.get(pk=community_id)


def _private_community(request: HttpRequest, community_id: int) -> Community:
    community = _community(community_id)
    if not rules.can_see_private(actor(request), community):
        raise PermissionDenied
    return community


def _visible_resource(request: HttpRequest, resource_id: int) -> Resource:
    resource = Resource.objects.select_related("community", "owner").get(pk=resource_id)
    if not rules.can_see_resource_summary(actor(request), resource):
        raise Http404
    return resource


def _booking(request: HttpRequest, booking_id: int) -> Booking:
    booking = Booking.objects.select_related(
        "resource__community", "resource__owner", "organization"
    ).get(pk=booking_id)
    if not rules.can_see_booking(actor(request), booking):
        raise Http404
    return booking


def _thread(request: HttpRequest, thread_id: int) -> Thread:
    thread = Thread.objects.select_related("community").get(pk=thread_id)
    if not rules.can_see_private(actor(request), thread.community):
        raise Http404
    return thread


# --- resources -------------------------------------------------------------------------------


@router.get(
    "/communities/{community_id}/resources",
    response={200: Page[ResourceOut], **PUBLIC_ERRORS},
    auth=PUBLIC,
)
def resource_list(request: HttpRequest, community_id: int, filters: Query[ResourceQuery]) -> Any:
    """The community's catalogue of active resources (a public summary)."""
    community = _community(community_id)
    queryset = selectors.resource_catalogue(
        community, selectors.ResourceFilter(q=filters.q, type=filters.type)
    )
    return paginate(queryset, filters)


@router.get(
    "/resources/{resource_id}",
    response={200: ResourceDetailOut, **PUBLIC_ERRORS},
    auth=PUBLIC,
)
def resource_get(request: HttpRequest, resource_id: int) -> Any:
    """A resource's summary with its weekly opening windows."""
    return _visible_resource(request, resource_id)


# --- bookings --------------------------------------------------------------------------------


def _booking_page(queryset: QuerySet[Booking], filters: BookingQuery) -> Any:
    return paginate(queryset, filters)


@router.get("/bookings", response={200: Page[BookingOut], **ERRORS})
def booking_list(request: HttpRequest, filters: Query[BookingQuery]) -> Any:
    """Bookings of the organisations you represent, newest first."""
    return _booking_page(selectors.bookings_of(actor(request), status=filters.status), filters)


@router.get("/bookings/to-decide", response={200: Page[BookingOut], **ERRORS})
def booking_to_decide_list(request: HttpRequest, filters: Query[BookingQuery]) -> Any:
    """Requests for your organisations' resources (and your secretariat's), oldest first.
    ``status`` defaults to every status; pass ``pending`` for those waiting."""
    return _booking_page(
        selectors.bookings_to_decide(actor(request), status=filters.status), filters
    )


@router.get("/bookings/{booking_id}", response={200: BookingOut, **ERRORS})
def booking_get(request: HttpRequest, booking_id: int) -> Any:
    return _booking(request, booking_id)


@router.post("/bookings", response={201: BookingOut, **ERRORS})
def booking_create(request: HttpRequest, payload: BookingIn) -> Any:
    """Request a booking; the owner's representatives are notified."""
    resource = _visible_resource(request, payload.resource_id)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise refuse("organization_id", "No organisation has this id.")
    booking = services.booking_request(
        actor=actor(request),
        resource=resource,
        organization=organization,
        start=payload.start,
        end=payload.end,
        quantity=payload.quantity,
        purpose=payload.purpose,
    )
    return Status(201, booking)


@router.post("/bookings/{booking_id}/approve", response={200: BookingOut, **ERRORS})
def booking_approve(request: HttpRequest, booking_id: int, payload: CollaborationDecisionIn) -> Any:
    return services.booking_approve(
        actor=actor(request), booking=_booking(request, booking_id), comment=payload.comment
    )


@router.post("/bookings/{booking_id}/decline", response={200: BookingOut, **ERRORS})
def booking_decline(request: HttpRequest, booking_id: int, payload: CollaborationDecisionIn) -> Any:
    return services.booking_decline(
        actor=actor(request), booking=_booking(request, booking_id), comment=payload.comment
    )


@router.post("/bookings/{booking_id}/cancel", response={200: BookingOut, **ERRORS})
def booking_cancel(request: HttpRequest, booking_id: int) -> Any:
    return services.booking_cancel(actor=actor(request), booking=_booking(request, booking_id))


@router.post("/bookings/{booking_id}/usage", response={201: UsageOut, **ERRORS})
def booking_usage(request: HttpRequest, booking_id: int, payload: UsageIn) -> Any:
    usage = services.booking_usage_record(
        actor=actor(request),
        booking=_booking(request, booking_id),
        hours=payload.hours,
        quantity=payload.quantity,
        note=payload.note,
    )
    return Status(201, usage)


# --- announcements, threads and posts --------------------------------------------------------


@router.get(
    "/communities/{community_id}/announcements",
    response={200: Page[AnnouncementOut], **PUBLIC_ERRORS},
    auth=PUBLIC,
)
def announcement_list(request: HttpRequest, community_id: int, filters: Query[PageQuery]) -> Any:
    """Every announcement for members; the public ones for anyone else."""
    return paginate(selectors.announcements_for(actor(request), _community(community_id)), filters)


@router.get(
    "/announcements/{announcement_id}",
    response={200: AnnouncementOut, **PUBLIC_ERRORS},
    auth=PUBLIC,
)
def announcement_get(request: HttpRequest, announcement_id: int) -> Any:
    announcement = Announcement.objects.select_related("community").get(pk=announcement_id)
    if not rules.can_read_announcement(actor(request), announcement):
        raise Http404
    return announcement


@router.post("/communities/{community_id}/announcements", response={201: AnnouncementOut, **ERRORS})
def announcement_create(request: HttpRequest, community_id: int, payload: AnnouncementIn) -> Any:
    announcement = services.announcement_publish(
        actor=actor(request), community=_community(community_id), **payload.dict()
    )
    return Status(201, announcement)


@router.get("/communities/{community_id}/threads", response={200: Page[ThreadOut], **ERRORS})
def thread_list(request: HttpRequest, community_id: int, filters: Query[PageQuery]) -> Any:
    community = _private_community(request, community_id)
    return paginate(Thread.objects.filter(community=community), filters)


@router.post("/communities/{community_id}/threads", response={201: ThreadOut, **ERRORS})
def thread_create(request: HttpRequest, community_id: int, payload: ThreadIn) -> Any:
    community = _private_community(request, community_id)
    return Status(
        201, services.thread_start(actor=actor(request), community=community, **payload.dict())
    )


@router.get("/threads/{thread_id}/posts", response={200: Page[PostOut], **ERRORS})
def post_list(request: HttpRequest, thread_id: int, filters: Query[PageQuery]) -> Any:
    thread = _thread(request, thread_id)
    return paginate(Post.objects.filter(thread=thread).select_related("author"), filters)


@router.post("/threads/{thread_id}/posts", response={201: PostOut, **ERRORS})
def post_create(request: HttpRequest, thread_id: int, payload: PostIn) -> Any:
    thread = _thread(request, thread_id)
    return Status(201, services.post_create(actor=actor(request), thread=thread, body=payload.body))
