"""The certification path (产教融合型企业): the supervisors' list and decisions, the
enterprise's application with evidence per criterion, each path's page, and the criteria
of each province as editable data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.authz import policy as rules
from iecommons.common.confirmation import Confirmation, is_confirmed, render_confirmation
from iecommons.common.pages import REFUSED, ServiceRefusedError, refusals_onto
from iecommons.common.rendering import render_page_or_partial
from iecommons.policy.forms_certification import (
    STATE_LABELS,
    CertificationDocumentForm,
    CriteriaRowFormSet,
    CriteriaYearsForm,
    EvidenceForm,
    PathFilterForm,
    ReasonForm,
)
from iecommons.policy.models import Certification, CertificationCriteria, CertificationDocument
from iecommons.policy.selectors import certification as selectors
from iecommons.policy.services import certification as services
from iecommons.registry.models import Organization, Region

PER_PAGE = 25
GET_POST = require_http_methods(["GET", "POST"])


# ------------------------------------------------------------------ the list


@login_required
def certification_list(request: HttpRequest) -> HttpResponse:
    """The paths one sees: a supervisor its provinces', a representative its enterprises'
    (and the enterprises it may still apply for)."""
    provinces = rules.visible_certifying_provinces(request.user, Region.objects.all()).order_by(
        "code"
    )
    form = PathFilterForm(request.GET, provinces=provinces)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.certification_paths(
        request.user,
        state=data.get("state", ""),
        province=data.get("province"),
        query=(data.get("q") or "").strip(),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    lines = []
    for certification in page.object_list:
        state = selectors.path_state(certification, today)
        lines.append({"certification": certification, "state": state, "label": STATE_LABELS[state]})
    counts = selectors.path_counts(request.user, today)
    return render_page_or_partial(
        request,
        page="policy/certification_list.html",
        partial="policy/_certification_rows.html",
        context={
            "form": form,
            "page": page,
            "lines": lines,
            "cards": [(state, label, counts[state]) for state, label in STATE_LABELS.items()],
            "applicable": selectors.applicable_organizations(request.user),
            "supervises": provinces.exists(),
        },
    )


# ------------------------------------------------------------------ applying


@login_required
@GET_POST
def certification_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """An enterprise's representative applies to enter its province's cultivation pool,
    with the evidence per criterion (text, and a document per criterion)."""
    organization = get_object_or_404(Organization.objects.select_related("region__parent"), pk=pk)
    if not rules.can_enter_certification_pool(request.user, organization):
        raise Http404
    existing = Certification.objects.filter(organization=organization).first()
    # A rejected or withdrawn enterprise may apply again; an open path is shown instead.
    if (
        existing is not None
        and existing.status in Certification.OPEN_STATES
        and request.method == "GET"
    ):
        return redirect("policy:certification_detail", existing.pk)
    province = organization.region.province
    criteria = services.latest_criteria(province)
    form = None
    if criteria is not None:
        form = EvidenceForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            criteria=criteria,
            with_files=True,
        )
    refusal = ""
    if request.method == "POST":
        if form is None:
            refusal = _("%(province)s has not published its criteria yet.") % {"province": province}
        elif form.is_valid():
            try:
                certification = services.certification_pool_enter(
                    actor=request.user,
                    organization=organization,
                    evidence=form.evidence(),
                    documents=form.documents(),
                )
            except ValidationError as error:
                _errors_onto_evidence(form, error)
            else:
                messages.success(
                    request, _("The application was received: the enterprise is in the pool.")
                )
                return redirect("policy:certification_detail", certification.pk)
    refused = request.method == "POST" and (form is None or bool(form.errors))
    return render(
        request,
        "policy/certification_apply.html",
        {
            "organization": organization,
            "province": province,
            "criteria": criteria,
            "form": form,
            "refusal": refusal,
            # A rejected or withdrawn path, which applying again reopens.
            "earlier": existing
            if existing is not None and existing.status in Certification.CLOSED_STATES
            else None,
        },
        status=REFUSED if refused else 200,
    )


def _errors_onto_evidence(form: EvidenceForm, error: ValidationError) -> None:
    """A service refusal onto the evidence form, in its summary at the top (the service
    names the criterion, the file and what was wrong)."""
    found = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    for messages_of_field in found.values():
        form.add_error(None, messages_of_field)


# ------------------------------------------------------------------ one path


def _certification(request: HttpRequest, pk: int) -> Certification:
    certification = get_object_or_404(
        Certification.objects.select_related("organization", "province", "criteria", "decided_by"),
        pk=pk,
    )
    if not rules.can_see_certification(request.user, certification):
        raise Http404
    return certification


def _detail_context(request: HttpRequest, certification: Certification) -> dict[str, Any]:
    state = selectors.path_state(certification, timezone.localdate())
    gives = rules.can_give_certification_evidence(request.user, certification)
    is_open = certification.status in Certification.OPEN_STATES
    evidence = None
    if gives and is_open:
        evidence = EvidenceForm(
            initial={
                f"evidence_{number}": certification.evidence.get(item["code"], "")
                for number, item in enumerate(certification.criteria.items, start=1)
            },
            criteria=certification.criteria,
            with_files=False,
        )
    return {
        "certification": certification,
        "state": state,
        "state_label": STATE_LABELS[state],
        "lines": selectors.evidence_lines(certification),
        "events": certification.events.select_related("actor"),
        "decides": rules.can_certify_in(request.user, certification.province),
        "evidence_form": evidence,
        "document_form": CertificationDocumentForm(criteria=certification.criteria)
        if gives and is_open
        else None,
        "calculator": rules.can_use_calculator(request.user, certification.organization),
        "applies_again": gives
        and not is_open
        and rules.can_enter_certification_pool(request.user, certification.organization),
        "due_days": selectors.DUE_DAYS,
    }


@login_required
def certification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certification = _certification(request, pk)
    return render(
        request, "policy/certification_detail.html", _detail_context(request, certification)
    )


@login_required
@require_POST
def certification_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprise gives or corrects its evidence text, criterion by criterion."""
    certification = _certification(request, pk)
    if not rules.can_give_certification_evidence(request.user, certification):
        raise PermissionDenied
    form = EvidenceForm(request.POST, criteria=certification.criteria, with_files=False)
    if form.is_valid():
        try:
            with refusals_onto(form):
                services.certification_evidence_update(
                    actor=request.user, certification=certification, evidence=form.evidence()
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, _("The evidence was saved."))
            return redirect("policy:certification_detail", certification.pk)
    return render(
        request,
        "policy/certification_detail.html",
        {**_detail_context(request, certification), "evidence_form": form},
        status=REFUSED,
    )


@login_required
@require_POST
def certification_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document answering one criterion (the enterprise, while the path is open)."""
    certification = _certification(request, pk)
    if not rules.can_give_certification_evidence(request.user, certification):
        raise PermissionDenied
    form = CertificationDocumentForm(request.POST, request.FILES, criteria=certification.criteria)
    if form.is_valid():
        try:
            with refusals_onto(form):
                services.certification_document_add(
                    actor=request.user,
                    certification=certification,
                    criterion=form.cleaned_data["criterion"],
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, _("The document was attached."))
            return redirect("policy:certification_detail", certification.pk)
    return render(
        request,
        "policy/certification_detail.html",
        {**_detail_context(request, certification), "document_form": form},
        status=REFUSED,
    )


@login_required
def certification_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A document of a path, for those who may see the path; never shown as a page."""
    document = get_object_or_404(
        CertificationDocument.objects.select_related(
            "certification__organization", "certification__province"
        ),
        pk=pk,
    )
    if not rules.can_see_certification(request.user, document.certification):
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name or "document",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------ decisions


def _decision(
    request: HttpRequest,
    pk: int,
    *,
    confirmation: Callable[[Certification], dict[str, Any]],
    act: Callable[[Certification, str], Any],
    done: str,
) -> HttpResponse:
    """One irreversible decision behind the kit's confirmation: GET asks (the modal, or a
    page without JavaScript), a confirmed POST acts, a refused one comes back as 422."""
    certification = _certification(request, pk)
    if not rules.can_certify_in(request.user, certification.province):
        raise PermissionDenied
    confirmed = is_confirmed(request)
    form = ReasonForm(request.POST if confirmed else None)
    if confirmed and form.is_valid():
        try:
            with refusals_onto(form, fields={"status": "__all__", "evidence": "__all__"}):
                act(certification, form.cleaned_data["reason"])
        except ServiceRefusedError:
            pass
        else:
            messages.success(request, done)
            return redirect("policy:certification_detail", certification.pk)
    words = confirmation(certification)
    return render_confirmation(
        request,
        Confirmation(
            action=request.path,
            cancel_url=reverse("policy:certification_detail", args=[certification.pk]),
            form=form,
            **words,
        ),
    )


def _evidence_line(certification: Certification) -> str:
    missing = services.missing_evidence(certification)
    if missing:
        return _("Evidence is missing for: %(codes)s; it must be given first.") % {
            "codes": ", ".join(missing)
        }
    return _("Every one of the %(count)d criteria has its evidence.") % {
        "count": len(certification.criteria.items)
    }


def _next_due(certification: Certification) -> str:
    due = services.years_later(timezone.localdate(), certification.criteria.confirmation_years)
    return _("The next confirmation falls due on %(date)s.") % {"date": due.isoformat()}


@login_required
@GET_POST
def certification_certify(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        confirmation=lambda c: {
            "title": _("Certify %(enterprise)s?") % {"enterprise": c.organization},
            "message": _(
                "The enterprise is certified as an industry–education integration enterprise "
                "from today and appears on the public list; it may claim the surcharge offset."
            ),
            "consequences": [_evidence_line(c), _next_due(c)],
            "confirm_label": _("Certify"),
            "tone": "primary",
        },
        act=lambda c, reason: services.certification_decide(
            actor=request.user, certification=c, certify=True, reason=reason
        ),
        done=_("The enterprise is certified."),
    )


@login_required
@GET_POST
def certification_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        confirmation=lambda c: {
            "title": _("Reject the application of %(enterprise)s?")
            % {"enterprise": c.organization},
            "message": _("The path ends and cannot be reopened; the enterprise sees your reason."),
            "confirm_label": _("Reject"),
        },
        act=lambda c, reason: services.certification_decide(
            actor=request.user, certification=c, certify=False, reason=reason
        ),
        done=_("The application is rejected."),
    )


@login_required
@GET_POST
def certification_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        confirmation=lambda c: {
            "title": _("Confirm %(enterprise)s again?") % {"enterprise": c.organization},
            "message": _(
                "The periodic confirmation: the enterprise stays certified, judged on its "
                "evidence as it stands today."
            ),
            "consequences": [_evidence_line(c), _next_due(c)],
            "confirm_label": _("Confirm again"),
            "tone": "primary",
        },
        act=lambda c, reason: services.certification_confirm(
            actor=request.user, certification=c, reason=reason
        ),
        done=_("The certification is confirmed again."),
    )


@login_required
@GET_POST
def certification_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        confirmation=lambda c: {
            "title": _("Withdraw the certification of %(enterprise)s?")
            % {"enterprise": c.organization}
            if c.status == Certification.Status.CERTIFIED
            else _("Take %(enterprise)s out of the pool?") % {"enterprise": c.organization},
            "message": _(
                "This cannot be undone: the path ends, the enterprise leaves the public list at "
                "once and no confirmation falls due any more. It sees your reason."
            ),
            "confirm_label": pgettext("certification", "Withdraw"),
        },
        act=lambda c, reason: services.certification_withdraw(
            actor=request.user, certification=c, reason=reason
        ),
        done=_("The certification is withdrawn."),
    )


# ------------------------------------------------------------------ criteria


@login_required
def criteria_index(request: HttpRequest) -> HttpResponse:
    """The provinces whose criteria one may publish, each with the version in force."""
    provinces = list(
        rules.visible_certifying_provinces(request.user, Region.objects.all()).order_by("code")
    )
    if not provinces:
        raise Http404
    if len(provinces) == 1:
        return redirect("policy:criteria_detail", provinces[0].code)
    latest: dict[int, Any] = {}
    for criteria in CertificationCriteria.objects.filter(province__in=provinces).order_by(
        "version"
    ):
        latest[criteria.province_id] = criteria
    return render(
        request,
        "policy/criteria_index.html",
        {"rows": [(province, latest.get(province.pk)) for province in provinces]},
    )


@login_required
@GET_POST
def criteria_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A province's criteria in force, the earlier versions, and a new version to publish
    by editing the rows (code and text) and the years between confirmations."""
    province = get_object_or_404(Region, code=code, level=Region.Level.PROVINCE)
    if not rules.can_certify_in(request.user, province):
        raise Http404
    versions = selectors.criteria_versions(province)
    current = versions[0] if versions else None
    posted = request.method == "POST"
    initial_rows = [dict(item) for item in current.items] if current else []
    rows = CriteriaRowFormSet(request.POST if posted else None, initial=initial_rows, prefix="rows")
    years = CriteriaYearsForm(
        request.POST if posted else None,
        initial={"confirmation_years": current.confirmation_years if current else 3},
    )
    if posted and rows.is_valid() and years.is_valid():
        items = [
            {"code": row.cleaned_data.get("code", ""), "text": row.cleaned_data.get("text", "")}
            for row in rows.forms
            if not row.is_blank
        ]
        try:
            with refusals_onto(years, fields={"items": "__all__", "province": "__all__"}):
                published = services.criteria_publish(
                    actor=request.user,
                    province=province,
                    items=items,
                    confirmation_years=years.cleaned_data["confirmation_years"],
                )
        except ServiceRefusedError:
            pass
        else:
            messages.success(
                request,
                _("Version %(version)d of the criteria is published.")
                % {"version": published.version},
            )
            return redirect("policy:criteria_detail", province.code)
    elif posted and not rows.is_valid() and not years.errors:
        years.add_error(None, rows.non_form_errors() or _("Check the rows of the criteria."))
    refused = posted and bool(years.errors or not rows.is_valid())
    return render(
        request,
        "policy/criteria_detail.html",
        {
            "province": province,
            "current": current,
            "earlier": versions[1:],
            "rows": rows,
            "form": years,
            "paths": Certification.objects.filter(province=province).count(),
        },
        status=REFUSED if refused else 200,
    )
