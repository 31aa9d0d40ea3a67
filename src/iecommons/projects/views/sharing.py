"""Pages of benefit and risk sharing: choosing the rule, and allocating an amount."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from iecommons.common.pages import form_page
from iecommons.projects import sharing
from iecommons.projects.forms import AllocationForm, SharingForm
from iecommons.projects.models import BenefitAllocation, SharingRule
from iecommons.projects.views._helpers import editable_project


@login_required
def sharing_set(request: HttpRequest, pk: int) -> HttpResponse:
    project = editable_project(request, pk)
    form = SharingForm(
        request.POST or None,
        project=project,
        initial={"benefit_rule": project.benefit_rule, "loss_rule": project.loss_rule},
    )

    def save(data: dict) -> object:
        rules = {data["benefit_rule"], data.get("loss_rule") or data["benefit_rule"]}
        return sharing.project_sharing_set(
            actor=request.user,
            project=project,
            benefit_rule=data["benefit_rule"],
            loss_rule=data.get("loss_rule") or "",
            benefit_shares=form.shares("benefit_share"),
            loss_shares=form.shares("loss_share"),
            coalition_values=form.coalition_values() if SharingRule.SHAPLEY in rules else None,
        )

    return form_page(
        request,
        form=form,
        template="projects/sharing_form.html",
        context={"project": project, "ui_limit": sharing.UI_TABLE_PARTICIPANTS},
        save=save,
        success_url=lambda _result: (
            reverse("projects:project_detail", args=[project.pk]) + "#sharing"
        ),
        success_message=_("The sharing rules have been saved."),
    )


@login_required
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    project = editable_project(request, pk)
    form = AllocationForm(request.POST or None)
    current = project.allocations.filter(superseded_by__isnull=True)
    supersedes: BenefitAllocation | None = None
    raw = request.POST.get("supersedes") or request.GET.get("supersedes")
    if raw and raw.isdigit():
        supersedes = current.filter(pk=int(raw)).first()

    def save(data: dict) -> object:
        return sharing.allocation_create(
            actor=request.user, project=project, supersedes=supersedes, **data
        )

    return form_page(
        request,
        form=form,
        template="projects/allocation_form.html",
        context={"project": project, "supersedes": supersedes},
        save=save,
        success_url=lambda _result: (
            reverse("projects:project_detail", args=[project.pk]) + "#allocations"
        ),
        success_message=_("The allocation has been recorded."),
    )
