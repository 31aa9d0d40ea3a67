"""The participation account page and the commitments page of a community."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iecommons.authz import projects as rules
from iecommons.common.collation import pinyin
from iecommons.common.forms import apply_service_errors
from iecommons.common.page_cache import cached_fragments
from iecommons.projects import commitments
from iecommons.projects.accounts import participation_account
from iecommons.projects.forms import CommitmentForm, FulfilmentForm
from iecommons.projects.models import Commitment
from iecommons.registry.models import Organization
from iecommons.registry.pages import community_or_404


@login_required
def account(request: HttpRequest, org_id: int) -> HttpResponse:
    """What the organisation put into joint projects and what it got back, by year."""
    organization = get_object_or_404(Organization, pk=org_id)
    if not rules.can_see_account(request.user, organization):
        raise PermissionDenied
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else None

    def body() -> dict[str, str]:
        context = {
            "organization": organization,
            "account": participation_account(organization, year=year),
            "whole": participation_account(organization) if year else None,
            "year": year,
        }
        return {"body": render_to_string("projects/_account_body.html", context)}

    # The same for everyone who may see the account: kept per data version and language.
    fragments = cached_fragments(request, "projects:account", organization.pk, year, render=body)
    return render(
        request, "projects/account.html", {"organization": organization, "fragments": fragments}
    )


@login_required
def community_commitments(request: HttpRequest, community_id: int) -> HttpResponse:
    """Members' written duties, a form to track each as a commitment, and progress."""
    community = community_or_404(community_id)
    if not rules.can_see_community_projects(request.user, community):
        raise PermissionDenied
    can_manage = rules.can_manage_commitments(request.user, community)
    form = CommitmentForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            membership = community.memberships.filter(
                pk=form.cleaned_data["membership"], left__isnull=True
            ).first()
            if membership is None:
                raise Http404
            try:
                commitments.commitment_create(
                    actor=request.user,
                    membership=membership,
                    description=form.cleaned_data["description"],
                    quantity=form.cleaned_data["quantity"],
                    unit=form.cleaned_data["unit"],
                    start=form.cleaned_data["start"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The commitment is tracked."))
                return redirect(reverse("projects:commitments", args=[community.pk]))
    members = (
        community.memberships.filter(left__isnull=True)
        .exclude(duties="")
        .select_related("organization")
        .order_by(pinyin("organization__name"))
    )
    progress = commitments.community_commitments(community)
    return render(
        request,
        "projects/commitments.html",
        {
            "community": community,
            "members": members,
            "progress": progress,
            "form": form,
            "failed_membership": form.data.get("membership") if form and form.errors else None,
            "can_manage": can_manage,
            "recordable": {
                item.commitment.pk
                for item in progress
                if rules.can_record_fulfilment(request.user, item.commitment.membership)
            },
            "fulfilment_form": FulfilmentForm(),
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def fulfilment_record(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("membership__community"), pk=pk
    )
    if not rules.can_record_fulfilment(request.user, commitment.membership):
        raise PermissionDenied
    form = FulfilmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            commitments.fulfilment_record(
                actor=request.user, commitment=commitment, **form.cleaned_data
            )
        except ValidationError as error:
            for name, field_messages in error.message_dict.items():
                label = capfirst(str(form.fields[name].label)) if name in form.fields else ""
                for message in field_messages:
                    messages.error(request, f"{label}: {message}" if label else message)
        else:
            messages.success(request, _("The fulfilment is recorded."))
    else:
        # Each refusal names its field, as the kit's error summary does.
        for name, errors in form.errors.items():
            label = capfirst(str(form.fields[name].label)) if name in form.fields else ""
            for refusal in errors:
                messages.error(request, f"{label}: {refusal}" if label else str(refusal))
    return redirect(
        reverse("projects:commitments", args=[commitment.membership.community_id])
        + f"#commitment-{commitment.pk}"
    )
