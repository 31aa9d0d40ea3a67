"""Programme pages: the public list, a programme (eligibility and applying, or reviewing),
applications, and the transparency page of awards with its open data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iecommons.authz import policy as rules
from iecommons.common.collation import pinyin
from iecommons.common.exports import CsvWriter
from iecommons.common.forms import apply_service_errors
from iecommons.policy.forms import (
    AmountForm,
    AppealForm,
    ApplicationDocumentForm,
    ApplicationForm,
    DecisionForm,
    ReviewForm,
)
from iecommons.policy.models import Application, ApplicationDocument, IncentiveProgramme
from iecommons.policy.selectors import programmes as selectors
from iecommons.policy.services import ledger
from iecommons.policy.services import programmes as services
from iecommons.registry.models import Community, Membership


def _programme(request: HttpRequest, pk: int) -> IncentiveProgramme:
    programme = get_object_or_404(IncentiveProgramme.objects.select_related("jurisdiction"), pk=pk)
    if not rules.can_see_programme(request.user, programme):
        raise Http404
    return programme


def programme_list(request: HttpRequest) -> HttpResponse:
    """Every programme that is not a draft (and the drafts one supervises)."""
    return render(
        request,
        "policy/programme_list.html",
        {"programmes": selectors.public_programmes(request.user)},
    )


def _own_memberships(request: HttpRequest) -> list[Membership]:
    """Active memberships of the organisations the user represents."""
    rows = Membership.objects.filter(left__isnull=True).select_related("organization", "community")
    return list(
        rules.visible_own_memberships(request.user, rows).order_by(pinyin("organization__name"))
    )


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    manages = rules.can_manage_programme(request.user, programme)
    candidacies: list[dict[str, Any]] = []
    for membership in _own_memberships(request):
        eligible, rows = services.eligibility_for(
            programme, membership.organization, membership.community
        )
        candidacies.append(
            {
                "membership": membership,
                "eligible": eligible,
                "lines": selectors.explanation_lines(rows),
                "applied": Application.objects.filter(
                    programme=programme, organization=membership.organization
                ).first(),
            }
        )
    form = None
    if candidacies:
        form = ApplicationForm(
            request.POST or None,
            communities=[
                (
                    c["membership"].community_id,
                    f"{c['membership'].organization} · {c['membership'].community}",
                )
                for c in candidacies
            ],
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            community = get_object_or_404(Community, pk=form.cleaned_data["community"])
            candidacy = next(c for c in candidacies if c["membership"].community_id == community.pk)
            try:
                application = services.application_submit(
                    actor=request.user,
                    programme=programme,
                    organization=candidacy["membership"].organization,
                    community=community,
                    amount_requested=form.cleaned_data["amount_requested"],
                    purpose=form.cleaned_data["purpose"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The application was submitted."))
                return redirect("policy:application_detail", application.pk)
    return render(
        request,
        "policy/programme_detail.html",
        {
            "programme": programme,
            "manages": manages,
            "conditions": selectors.explanation_lines(
                [{**c, "actual": None, "passed": True} for c in programme.conditions]
            ),
            "candidacies": candidacies,
            "form": form,
            "applications": selectors.programme_applications(programme) if manages else None,
            "movements": selectors.ledger_movements(programme) if manages else None,
        },
    )


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "policy/application_list.html",
        {"applications": selectors.applications_for(request.user)},
    )


def _application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("programme", "organization", "community"), pk=pk
    )
    if not rules.can_see_application(request.user, application):
        raise Http404
    return application


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    reviewer = rules.can_review(request.user, application)
    applicant = rules.can_appeal(request.user, application)
    is_open = application.status in Application.OPEN_STATES
    context = {
        "application": application,
        "lines": selectors.explanation_lines(application.eligibility),
        "reviews": application.reviews.select_related("reviewer"),
        "review_form": ReviewForm() if reviewer and is_open else None,
        "decision_form": DecisionForm() if reviewer and is_open else None,
        "disburse_form": AmountForm()
        if reviewer and application.status == Application.Status.AWARDED
        else None,
        "appeal_form": AppealForm()
        if applicant
        and application.status == Application.Status.REJECTED
        and application.appealed_at is None
        else None,
        "movements": application.movements.all(),
        "documents": application.documents.all(),
        "document_form": ApplicationDocumentForm()
        if rules.can_add_application_document(request.user, application) and is_open
        else None,
    }
    return render(request, "policy/application_detail.html", context)


def _post(
    request: HttpRequest, pk: int, form_class: type, key: str, call: Any, done: str
) -> HttpResponse:
    application = _application(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(application, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("policy:application_detail", application.pk)
    return render(
        request,
        "policy/application_detail.html",
        {**_detail_context(request, application), key: form},
        status=422,
    )


def _detail_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    return {
        "application": application,
        "lines": selectors.explanation_lines(application.eligibility),
        "reviews": application.reviews.select_related("reviewer"),
        "movements": application.movements.all(),
        "documents": application.documents.all(),
    }


@login_required
@require_POST
def application_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a supporting document (the applicant, while the application is undecided)."""
    application = _application(request, pk)
    if not rules.can_add_application_document(request.user, application):
        raise PermissionDenied
    form = ApplicationDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.application_document_add(
                actor=request.user,
                application=application,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The document was attached."))
            return redirect("policy:application_detail", application.pk)
    return render(
        request,
        "policy/application_detail.html",
        {**_detail_context(request, application), "document_form": form},
        status=422,
    )


@login_required
def application_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A supporting document, for those who may see the application; never as a page."""
    document = get_object_or_404(
        ApplicationDocument.objects.select_related(
            "application__organization", "application__programme__jurisdiction"
        ),
        pk=pk,
    )
    if not rules.can_see_application(request.user, document.application):
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name or "document",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        ReviewForm,
        "review_form",
        lambda a, d: services.application_review(
            actor=request.user, application=a, score=d["score"], reason=d["reason"]
        ),
        _("The review was saved."),
    )


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        DecisionForm,
        "decision_form",
        lambda a, d: services.application_decide(
            actor=request.user,
            application=a,
            award=d["award"],
            amount=d["amount"],
            reason=d["reason"],
        ),
        _("The decision was recorded."),
    )


@login_required
@require_POST
def application_disburse(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        AmountForm,
        "disburse_form",
        lambda a, d: ledger.disbursement_record(
            actor=request.user, application=a, amount=d["amount"], note=d["note"]
        ),
        _("The disbursement was recorded."),
    )


@login_required
@require_POST
def application_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        AppealForm,
        "appeal_form",
        lambda a, d: services.application_appeal(
            actor=request.user, application=a, reason=d["reason"]
        ),
        _("The appeal was filed."),
    )


def awards(request: HttpRequest) -> HttpResponse:
    """The public transparency page: who got what, under which rule, when."""
    return render(request, "policy/awards.html", {"awards": selectors.awards()})


def awards_csv(request: HttpRequest) -> HttpResponse:
    """The same as open data (CSV, UTF-8 with BOM for spreadsheet programs)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="awards.csv"'
    response.write("\ufeff")
    writer = CsvWriter(response)
    writer.writerow(
        [
            "programme",
            "kind",
            "jurisdiction",
            "recipient",
            "credit_code",
            "amount",
            "disbursed",
            "decided",
            "rule",
        ]
    )
    for award in selectors.awards():
        writer.writerow(
            [
                award.programme,
                award.kind,
                award.jurisdiction,
                award.recipient,
                award.credit_code,
                award.amount,
                award.disbursed,
                award.decided,
                "; ".join(f"{c['fact']} {c['op']} {c['value']}" for c in award.rule),
            ]
        )
    return response
