"""Pages of a community's communication: announcements, threads, documents, meetings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from iecommons.authz import collaboration as rules
from iecommons.collaboration import selectors, services
from iecommons.collaboration.forms import (
    AnnouncementForm,
    DocumentForm,
    MeetingForm,
    PostForm,
    ThreadForm,
    VersionForm,
)
from iecommons.collaboration.models import (
    Announcement,
    Document,
    DocumentVersion,
    Meeting,
    Thread,
)
from iecommons.collaboration.views.base import (
    community_or_404,
    login_redirects,
    page,
    require,
    require_private,
    require_visible,
)
from iecommons.common.collation import pinyin
from iecommons.common.forms import apply_service_errors
from iecommons.registry.models import Person

# --- announcements ---------------------------------------------------------------------------


def announcement_list(request: HttpRequest, community_id: int) -> HttpResponse:
    """Every announcement for members; only the public ones for anyone else."""
    community = community_or_404(community_id)
    rows = Paginator(selectors.announcements_for(request.user, community), 20)
    return page(
        request,
        "announcement_list.html",
        community,
        page_obj=rows.get_page(request.GET.get("page")),
    )


@login_redirects
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(
        Announcement.objects.select_related("community", "author"), pk=pk
    )
    require_visible(request, rules.can_read_announcement(request.user, announcement))
    return page(
        request, "announcement_detail.html", announcement.community, announcement=announcement
    )


@login_redirects
def announcement_create(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    require(request, rules.can_post_announcement(request.user, community))
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            announcement = services.announcement_publish(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The announcement has been published."))
            return redirect("collaboration:announcement_detail", announcement.pk)
    return page(
        request,
        "form_page.html",
        community,
        form=form,
        heading=_("New announcement"),
        submit=_("Publish"),
    )


# --- threads ---------------------------------------------------------------------------------


@login_redirects
def thread_list(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    require_private(request, community)
    rows = Paginator(Thread.objects.filter(community=community).select_related("author"), 25)
    return page(
        request,
        "thread_list.html",
        community,
        page_obj=rows.get_page(request.GET.get("page")),
        can_participate=rules.can_participate(request.user, community),
    )


@login_redirects
def thread_create(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    require_private(request, community)
    require(request, rules.can_participate(request.user, community))
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_start(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("collaboration:thread_detail", thread.pk)
    return page(
        request,
        "form_page.html",
        community,
        form=form,
        heading=_("New discussion"),
        submit=_("Start"),
    )


@login_redirects
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A thread's posts, and (POST) a reply."""
    thread = get_object_or_404(Thread.objects.select_related("community"), pk=pk)
    require_visible(request, rules.can_see_private(request.user, thread.community))
    can_participate = rules.can_participate(request.user, thread.community)
    form = PostForm(request.POST or None) if can_participate else None
    if request.method == "POST":
        require(request, can_participate)
        assert form is not None
        if form.is_valid():
            try:
                services.post_create(actor=request.user, thread=thread, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect("collaboration:thread_detail", thread.pk)
    return page(
        request,
        "thread_detail.html",
        thread.community,
        thread=thread,
        posts=thread.posts.select_related("author"),
        form=form,
    )


# --- documents -------------------------------------------------------------------------------


@login_redirects
def document_list(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    require_private(request, community)
    rows = Paginator(Document.objects.filter(community=community).select_related("created_by"), 25)
    return page(
        request,
        "document_list.html",
        community,
        page_obj=rows.get_page(request.GET.get("page")),
        can_participate=rules.can_participate(request.user, community),
    )


@login_redirects
def document_create(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    require_private(request, community)
    require(request, rules.can_participate(request.user, community))
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_upload(
                actor=request.user, community=community, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The document has been uploaded."))
            return redirect("collaboration:document_detail", version.document_id)
    return page(
        request,
        "form_page.html",
        community,
        form=form,
        heading=_("Upload a document"),
        submit=_("Upload"),
        multipart=True,
    )


@login_redirects
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A document's versions, newest first, and (POST) a new version."""
    document = get_object_or_404(Document.objects.select_related("community"), pk=pk)
    require_visible(request, rules.can_read_document(request.user, document))
    can_participate = rules.can_participate(request.user, document.community)
    form = VersionForm(request.POST or None, request.FILES or None) if can_participate else None
    if request.method == "POST":
        require(request, can_participate)
        assert form is not None
        if form.is_valid():
            try:
                services.document_upload(
                    actor=request.user,
                    community=document.community,
                    document=document,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The new version has been uploaded."))
                return redirect("collaboration:document_detail", document.pk)
    return page(
        request,
        "document_detail.html",
        document.community,
        document=document,
        versions=document.versions.select_related("uploaded_by"),
        form=form,
    )


@login_redirects
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A version's file, for those who may read the document; never served as a page."""
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document__community"), pk=pk
    )
    require_visible(request, rules.can_read_document(request.user, version.document))
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- meetings --------------------------------------------------------------------------------


@login_redirects
def meeting_list(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    require_private(request, community)
    rows = Paginator(Meeting.objects.filter(community=community), 25)
    return page(
        request,
        "meeting_list.html",
        community,
        page_obj=rows.get_page(request.GET.get("page")),
    )


@login_redirects
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("community", "recorded_by"), pk=pk)
    require_visible(request, rules.can_see_private(request.user, meeting.community))
    return page(
        request,
        "meeting_detail.html",
        meeting.community,
        meeting=meeting,
        attendees=meeting.attendees.select_related("organization"),
        decisions=meeting.decisions.all(),
    )


@login_redirects
def meeting_create(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    require(request, rules.can_record_meeting(request.user, community))
    people = (
        Person.objects.filter(
            organization__memberships__community=community,
            organization__memberships__left__isnull=True,
        )
        .select_related("organization")
        .order_by(pinyin("organization__name"), pinyin("name"))
        .distinct()
    )
    form = MeetingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["decisions"] = data["decisions"].splitlines()
        try:
            meeting = services.meeting_record(actor=request.user, community=community, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The meeting has been recorded."))
            return redirect("collaboration:meeting_detail", meeting.pk)
    return page(
        request,
        "form_page.html",
        community,
        form=form,
        heading=_("Record a council meeting"),
        submit=_("Record"),
    )
