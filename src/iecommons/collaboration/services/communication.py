"""Writes to a community's communication: announcements, threads and posts, documents
and their versions, council meeting records."""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import collaboration as rules
from iecommons.authz.scope import require
from iecommons.collaboration.models import (
    Announcement,
    Document,
    DocumentVersion,
    Meeting,
    MeetingDecision,
    Post,
    Thread,
)
from iecommons.collaboration.services.recipients import member_representatives_of
from iecommons.common import audit
from iecommons.common.notifications import notify
from iecommons.common.services import refuse
from iecommons.common.uploads import DOCUMENTS
from iecommons.registry.models import Community, Person


def _required(field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise refuse(field, message)
    return value


@transaction.atomic
def announcement_publish(
    *, actor: Any, community: Community, title: str, body: str, is_public: bool = False
) -> Announcement:
    """The secretariat publishes an announcement; member representatives are told."""
    require(rules.can_post_announcement(actor, community))
    announcement = Announcement.objects.create(
        community=community,
        title=_required("title", title, _("Give the announcement a title."))[:200],
        body=_required("body", body, _("Write the announcement.")),
        is_public=is_public,
        author=actor,
    )
    audit.record(actor=actor, instance=announcement, operation="announcement_publish")
    notify(
        recipients=member_representatives_of(community),
        subject=_("%(community)s: %(title)s")
        % {"community": community, "title": announcement.title},
        body=announcement.body[:500],
        link=reverse("collaboration:announcement_detail", args=[announcement.pk]),
    )
    return announcement


@transaction.atomic
def thread_start(*, actor: Any, community: Community, title: str, body: str) -> Thread:
    """Start a discussion with its first post."""
    require(rules.can_participate(actor, community))
    title = _required("title", title, _("Give the thread a title."))[:200]
    body = _required("body", body, _("Write the first post."))
    now = timezone.now()
    thread = Thread.objects.create(
        community=community, title=title, author=actor, last_post_at=now, post_count=1
    )
    Post.objects.create(thread=thread, author=actor, body=body)
    audit.record(actor=actor, instance=thread, operation="thread_start")
    return thread


@transaction.atomic
def post_create(*, actor: Any, thread: Thread, body: str) -> Post:
    """Reply in a thread."""
    require(rules.can_participate(actor, thread.community))
    post = Post.objects.create(
        thread=thread, author=actor, body=_required("body", body, _("Write something."))
    )
    Thread.objects.filter(pk=thread.pk).update(
        last_post_at=post.created_at, post_count=F("post_count") + 1
    )
    audit.record(actor=actor, instance=post, operation="post_create")
    return post


@transaction.atomic
def document_upload(
    *,
    actor: Any,
    community: Community,
    file: UploadedFile,
    title: str = "",
    description: str = "",
    document: Document | None = None,
    note: str = "",
) -> DocumentVersion:
    """Upload a new document, or (with ``document``) a new version of an existing one."""
    if document is not None:
        community = document.community
    require(rules.can_participate(actor, community))
    content_type = DOCUMENTS.check(file, field="file").content_type
    if document is None:
        title = _required("title", title, _("Give the document a title."))[:200]
        if Document.objects.filter(community=community, title=title).exists():
            raise refuse(
                "title",
                _("A document with this title exists: upload a new version of it instead."),
            )
        document = Document.objects.create(
            community=community, title=title, description=description, created_by=actor
        )
        audit.record(actor=actor, instance=document, operation="document_create")
    document = Document.objects.select_for_update().get(pk=document.pk)
    before = audit.snapshot(document)
    number = document.version_count + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=os.path.basename(file.name or "")[:255],
        content_type=content_type,
        size=file.size or 0,
        note=note[:300],
        uploaded_by=actor,
    )
    version.file.save(file.name or "upload", file, save=False)
    version.save()
    document.version_count = number
    document.save(update_fields=["version_count", "updated_at"])
    # Audited on the document: the audit trail stores plain values, and a version's file
    # field is not one; the new version count and time say what happened.
    audit.record(actor=actor, instance=document, operation="document_upload", before=before)
    return version


@transaction.atomic
def meeting_record(
    *,
    actor: Any,
    community: Community,
    title: str,
    held_on: datetime.date,
    place: str = "",
    attendees: Sequence[Person] = (),
    minutes: str = "",
    decisions: Sequence[str] = (),
) -> Meeting:
    """The secretariat records a council meeting with its attendees and decisions."""
    require(rules.can_record_meeting(actor, community))
    title = _required("title", title, _("Give the meeting a title."))[:200]
    if held_on is None:
        raise refuse("held_on", _("Give the date of the meeting."))
    if held_on > timezone.localdate():
        raise refuse("held_on", _("A meeting record is for a meeting that has taken place."))
    meeting = Meeting.objects.create(
        community=community,
        title=title,
        held_on=held_on,
        place=place.strip(),
        minutes=minutes,
        recorded_by=actor,
    )
    meeting.attendees.set(attendees)
    MeetingDecision.objects.bulk_create(
        [
            MeetingDecision(meeting=meeting, order=index, text=text.strip())
            for index, text in enumerate((d for d in decisions if d.strip()), start=1)
        ]
    )
    audit.record(actor=actor, instance=meeting, operation="meeting_record")
    return meeting
