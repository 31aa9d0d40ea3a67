"""The Django admin of the collaboration area, for operators' repairs.

Every foreign key to a community, an organisation, a user or a person is a raw id, never a
select listing thousands; writes through the pages keep the audit trail, the admin does not.
"""

from __future__ import annotations

from django.contrib import admin

from iecommons.collaboration.models import (
    Announcement,
    AvailabilityWindow,
    Booking,
    Closure,
    CollaborationSettings,
    Document,
    DocumentVersion,
    Meeting,
    MeetingDecision,
    Post,
    Resource,
    Thread,
    Usage,
)


@admin.register(CollaborationSettings)
class CollaborationSettingsAdmin(admin.ModelAdmin[CollaborationSettings]):
    list_display = ["community", "booking_response_hours"]
    raw_id_fields = ["community"]


class WindowInline(admin.TabularInline[AvailabilityWindow, Resource]):
    model = AvailabilityWindow
    extra = 0


class ClosureInline(admin.TabularInline[Closure, Resource]):
    model = Closure
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ["name", "type", "community", "owner", "capacity", "terms", "status"]
    list_filter = ["type", "terms", "status"]
    search_fields = ["name", "owner__name", "community__name"]
    list_select_related = ["community", "owner"]
    raw_id_fields = ["community", "owner", "created_by"]
    inlines = [WindowInline, ClosureInline]


class UsageInline(admin.StackedInline[Usage, Booking]):
    model = Usage
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    list_display = ["resource", "organization", "start", "end", "quantity", "status"]
    list_filter = ["status"]
    search_fields = ["resource__name", "organization__name"]
    list_select_related = ["resource", "organization"]
    raw_id_fields = ["resource", "organization", "requested_by", "decided_by"]
    date_hierarchy = "start"
    inlines = [UsageInline]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin[Announcement]):
    list_display = ["title", "community", "is_public", "published_at"]
    list_filter = ["is_public"]
    search_fields = ["title", "community__name"]
    raw_id_fields = ["community", "author"]


class PostInline(admin.TabularInline[Post, Thread]):
    model = Post
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin[Thread]):
    list_display = ["title", "community", "post_count", "last_post_at"]
    search_fields = ["title", "community__name"]
    raw_id_fields = ["community", "author"]
    inlines = [PostInline]


class VersionInline(admin.TabularInline[DocumentVersion, Document]):
    model = DocumentVersion
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin[Document]):
    list_display = ["title", "community", "version_count", "updated_at"]
    search_fields = ["title", "community__name"]
    raw_id_fields = ["community", "created_by"]
    inlines = [VersionInline]


class DecisionInline(admin.TabularInline[MeetingDecision, Meeting]):
    model = MeetingDecision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["title", "community", "held_on", "place"]
    search_fields = ["title", "community__name"]
    raw_id_fields = ["community", "recorded_by", "attendees"]
    inlines = [DecisionInline]
