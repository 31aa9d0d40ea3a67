"""Project pages: a community's project list, a project and the forms that record its work."""

from __future__ import annotations

import contextlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iecommons.authz import projects as rules
from iecommons.common.collation import pinyin
from iecommons.common.pages import form_page
from iecommons.projects import selectors, services, sharing
from iecommons.projects.forms import (
    CommentForm,
    ContributionForm,
    MilestoneDoneForm,
    MilestoneForm,
    OutcomeForm,
    ParticipantForm,
    ProjectForm,
)
from iecommons.projects.models import Milestone, Project
from iecommons.projects.views._helpers import editable_project, visible_project
from iecommons.registry.models import Organization
from iecommons.registry.pages import community_or_404


def _project_url(project: Project) -> str:
    return reverse("projects:project_detail", args=[project.pk])


def _active_members(community_id: int) -> QuerySet[Organization]:
    return Organization.objects.filter(
        memberships__community_id=community_id, memberships__left__isnull=True
    ).order_by(pinyin("name"))


@login_required
def community_projects(request: HttpRequest, community_id: int) -> HttpResponse:
    """The community's projects, filtered by type and status (htmx swaps the results)."""
    community = community_or_404(community_id)
    if not rules.can_see_community_projects(request.user, community):
        raise PermissionDenied
    filters = selectors.ProjectFilter(
        type=request.GET.get("type", ""), status=request.GET.get("status", "")
    )
    page = Paginator(selectors.community_projects(community.pk, filters), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "community": community,
        "filters": filters,
        "page": page,
        "types": Project.Type.choices,
        "statuses": Project.Status.choices,
        "can_create": rules.can_create_project(request.user, community),
        "can_manage": rules.can_manage_commitments(request.user, community),
    }
    is_htmx = bool(getattr(request, "htmx", False))
    template = "projects/partials/project_rows.html" if is_htmx else "projects/project_list.html"
    response = render(request, template, context)
    response.headers["Vary"] = "HX-Request"
    return response


@login_required
def project_create(request: HttpRequest, community_id: int) -> HttpResponse:
    community = community_or_404(community_id)
    if not rules.can_create_project(request.user, community):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, organizations=_active_members(community.pk))

    def save(data: dict) -> Project:
        return services.project_create(actor=request.user, community=community, **data)

    return form_page(
        request,
        form=form,
        template="projects/project_form.html",
        context={"community": community},
        save=save,
        success_url=_project_url,
        success_message=_("The project has been created."),
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about a project: participants, budget against contributions,
    milestones, outcomes, allocations with how they were computed, and the discussion."""
    project = visible_project(request, pk)
    participants = selectors.project_participants(project)
    contributed = sum((line.contributed for line in participants), start=0)
    allocations = list(selectors.project_allocations(project))
    explained = [
        (allocation, sharing.allocation_explanation(allocation)) for allocation in allocations
    ]
    can_edit = rules.can_edit_project(request.user, project)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "community": project.community,
            "participants": participants,
            "contributed": contributed,
            "budget_used": int(contributed * 100 / project.budget) if project.budget else None,
            "contributions": selectors.project_contributions(project),
            "milestones": project.milestones.all(),
            "outcomes": project.outcomes.select_related("attributed_to__organization"),
            "revenue": project.outcomes.filter(kind="revenue").aggregate(total=Sum("quantity"))[
                "total"
            ],
            "allocations": explained,
            "comments": project.comments.select_related("author"),
            "can_edit": can_edit,
            "comment_form": CommentForm() if can_edit else None,
            "done_form": MilestoneDoneForm() if can_edit else None,
        },
    )


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the profile, status, dates, budget or visibility of a project."""
    project = editable_project(request, pk)
    fields = ("title", "type", "description", "status", "start", "end", "budget", "visibility")
    form = ProjectForm(
        request.POST or None,
        initial={name: getattr(project, name) for name in fields},
    )
    del form.fields["lead"]

    def save(data: dict) -> Project:
        return services.project_update(
            actor=request.user, project=project, **{name: data[name] for name in fields}
        )

    return form_page(
        request,
        form=form,
        template="projects/project_form.html",
        context={"community": project.community, "project": project},
        save=save,
        success_url=_project_url,
        success_message=_("The project has been saved."),
    )


@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = editable_project(request, pk)
    taken = project.participants.values("organization_id")
    organizations = _active_members(project.community_id).exclude(pk__in=taken)
    form = ParticipantForm(request.POST or None, organizations=organizations)

    def save(data: dict) -> object:
        return services.participant_add(actor=request.user, project=project, **data)

    return form_page(
        request,
        form=form,
        template="projects/record_form.html",
        context={"project": project, "heading": "participant"},
        save=save,
        success_url=lambda _result: _project_url(project),
        success_message=_("The participant has been added."),
    )


@login_required
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = editable_project(request, pk)
    form = ContributionForm(request.POST or None, request.FILES or None, project=project)

    def save(data: dict) -> object:
        return services.contribution_record(actor=request.user, project=project, **data)

    return form_page(
        request,
        form=form,
        template="projects/record_form.html",
        context={"project": project, "heading": "contribution"},
        save=save,
        success_url=lambda _result: _project_url(project) + "#contributions",
        success_message=_("The contribution has been recorded."),
    )


@login_required
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = editable_project(request, pk)
    form = MilestoneForm(request.POST or None)

    def save(data: dict) -> object:
        return services.milestone_add(actor=request.user, project=project, **data)

    return form_page(
        request,
        form=form,
        template="projects/record_form.html",
        context={"project": project, "heading": "milestone"},
        save=save,
        success_url=lambda _result: _project_url(project) + "#milestones",
        success_message=_("The milestone has been added."),
    )


@login_required
@require_POST
def milestone_complete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=pk)
    project = editable_project(request, milestone.project_id)
    form = MilestoneDoneForm(request.POST or None)

    def save(data: dict) -> object:
        return services.milestone_complete(
            actor=request.user, milestone=milestone, done=data["done"]
        )

    # A refused date (missing, unreadable, already reached) comes back on a page of its
    # own with the kit's error summary naming the field, instead of a silent redirect.
    return form_page(
        request,
        form=form,
        template="projects/record_form.html",
        context={"project": project, "heading": "milestone_done", "milestone": milestone},
        save=save,
        success_url=lambda _result: _project_url(project) + "#milestones",
        success_message=_("The milestone is marked reached."),
    )


@login_required
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = editable_project(request, pk)
    form = OutcomeForm(request.POST or None, request.FILES or None, project=project)

    def save(data: dict) -> object:
        return services.outcome_record(actor=request.user, project=project, **data)

    return form_page(
        request,
        form=form,
        template="projects/record_form.html",
        context={"project": project, "heading": "outcome"},
        save=save,
        success_url=lambda _result: _project_url(project) + "#outcomes",
        success_message=_("The outcome has been recorded."),
    )


@login_required
@require_POST
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    project = editable_project(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        # An empty message: nothing to post.
        with contextlib.suppress(ValidationError):
            services.comment_post(
                actor=request.user, project=project, body=form.cleaned_data["body"]
            )
    if getattr(request, "htmx", False):
        return render(
            request,
            "projects/partials/comments.html",
            {
                "project": project,
                "comments": project.comments.select_related("author"),
                "comment_form": CommentForm(),
                "can_edit": True,
            },
        )
    return redirect(_project_url(project) + "#discussion")
