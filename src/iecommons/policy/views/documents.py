"""Policy documents and their measures: the public list and pages, issuing a document,
adding measures, reporting implementation with evidence, and the supervisors' board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from iecommons.authz import policy as rules
from iecommons.common.pages import (
    ServiceRefusedError,
    bind,
    form_page,
    refusals_onto,
    render_form,
)
from iecommons.common.rendering import render_page_or_partial
from iecommons.common.services import refuse
from iecommons.policy.forms import BoardFilterForm, DocumentForm, ImplementationForm, MeasureForm
from iecommons.policy.measures import STATES
from iecommons.policy.models import Measure, MeasureImplementation, PolicyDocument
from iecommons.policy.selectors import documents as selectors
from iecommons.policy.services import documents as services
from iecommons.registry.models import Region

#: Rows of the implementation board on one page.
BOARD_ROWS_PER_PAGE = 25

STATE_LABELS = {
    "on_time": pgettext_lazy("implementation state", "on time"),
    "late": pgettext_lazy("implementation state", "late"),
    "not_started": pgettext_lazy("implementation state", "not started"),
}


def _state_labels() -> dict[str, str]:
    return {state: str(label) for state, label in STATE_LABELS.items()}


def document_list(request: HttpRequest) -> HttpResponse:
    """Every policy document, with how many of its measures' cells are on time, late or
    not started."""
    return render(
        request,
        "policy/document_list.html",
        {
            "documents": selectors.document_tallies(
                list(selectors.documents()), timezone.localdate()
            ),
            "can_issue": rules.can_see_board(request.user),
        },
    )


def _document(pk: int) -> PolicyDocument:
    return get_object_or_404(PolicyDocument.objects.select_related("jurisdiction"), pk=pk)


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The document, its measures with their tallies; its managers add measures here."""
    document = _document(pk)
    manages = rules.can_manage_document(request.user, document)
    form = None
    if manages:
        form = bind(MeasureForm, request)
        if request.method == "POST" and form.is_valid():
            try:
                with refusals_onto(form):
                    services.measure_add(actor=request.user, document=document, **form.cleaned_data)
            except ServiceRefusedError:
                pass
            else:
                return redirect(reverse("policy:document_detail", args=[document.pk]))
    elif request.method == "POST":
        raise PermissionDenied
    return render_form(
        request,
        "policy/document_detail.html",
        {
            "document": document,
            "measures": selectors.document_measures(document, timezone.localdate()),
            "form": form,
            "labels": _state_labels(),
        },
    )


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document's own file (documents are public acts); never served as a page."""
    document = _document(pk)
    if not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name or "document",
        content_type=document.file_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_see_board(request.user):
        raise PermissionDenied

    def save(data: dict[str, object]) -> PolicyDocument:
        code = str(data["jurisdiction_code"] or "").strip()
        jurisdiction = Region.objects.filter(code=code).first() if code else None
        if code and jurisdiction is None:
            raise refuse("jurisdiction_code", _("Unknown region code."))
        return services.document_issue(
            actor=request.user,
            title=str(data["title"]),
            issuer=str(data["issuer"]),
            number=str(data["number"] or ""),
            issued_on=data["issued_on"],
            level=str(data["level"]),
            jurisdiction=jurisdiction,
            full_text=str(data["full_text"] or ""),
            file=data.get("file"),  # type: ignore[arg-type]
        )

    return form_page(
        request,
        form=bind(DocumentForm, request),
        template="policy/document_form.html",
        context={},
        save=save,
        success_url=lambda document: reverse("policy:document_detail", args=[document.pk]),
        success_message=_("The document was recorded; add its measures."),
        fields={"jurisdiction": "jurisdiction_code"},
    )


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One measure, jurisdiction by jurisdiction; each jurisdiction's supervisors report
    its implementation here."""
    measure = get_object_or_404(Measure.objects.select_related("document__jurisdiction"), pk=pk)
    today = timezone.localdate()
    cells = next(
        cells
        for row, _tally, cells in selectors.document_measures(measure.document, today)
        if row.pk == measure.pk
    )
    mine = [c.region for c in cells if rules.can_report_implementation(request.user, c.region)]
    form = None
    if mine:
        form = bind(
            ImplementationForm,
            request,
            regions=[(region.pk, str(region)) for region in mine],
        )
        if request.method == "POST" and form.is_valid():
            region = next(r for r in mine if r.pk == form.cleaned_data["jurisdiction"])
            try:
                with refusals_onto(form):
                    services.implementation_report(
                        actor=request.user,
                        measure=measure,
                        jurisdiction=region,
                        status=form.cleaned_data["status"],
                        note=form.cleaned_data["note"],
                        completed_on=form.cleaned_data["completed_on"],
                        evidence=form.cleaned_data["evidence"],
                    )
            except ServiceRefusedError:
                pass
            else:
                return redirect(reverse("policy:measure_detail", args=[measure.pk]))
    elif request.method == "POST":
        raise PermissionDenied
    evidence_visible = {
        cell.implementation.pk
        for cell in cells
        if cell.implementation is not None
        and cell.implementation.evidence
        and rules.can_see_implementation_evidence(request.user, cell.implementation)
    }
    return render_form(
        request,
        "policy/measure_detail.html",
        {
            "measure": measure,
            "cells": cells,
            "form": form,
            "labels": _state_labels(),
            "evidence_visible": evidence_visible,
        },
    )


@login_required
def implementation_evidence(request: HttpRequest, pk: int) -> FileResponse:
    implementation = get_object_or_404(
        MeasureImplementation.objects.select_related("measure__document__jurisdiction"), pk=pk
    )
    if not implementation.evidence or not rules.can_see_implementation_evidence(
        request.user, implementation
    ):
        raise Http404
    response = FileResponse(
        implementation.evidence.open("rb"),
        as_attachment=True,
        filename=implementation.evidence_name or "evidence",
        content_type=implementation.evidence_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The implementation board: every measure in every jurisdiction the supervisor
    supervises, late first; filtered by state, jurisdiction and the issuer's level, and
    paged, with htmx."""
    if not rules.can_see_board(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    level = request.GET.get("level", "")
    shown = selectors.board(
        request.user,
        timezone.localdate(),
        state if state in STATES else "",
        jurisdiction_code=request.GET.get("jurisdiction", ""),
        level=level if level in PolicyDocument.Level.values else "",
    )
    form = BoardFilterForm(
        request.GET,
        states=[(key, capfirst(label)) for key, label in _state_labels().items()],
        regions=[(region.code, str(region)) for region in shown.regions],
    )
    chosen = form.chosen()
    page = Paginator(shown.cells, BOARD_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render_page_or_partial(
        request,
        page="policy/board.html",
        partial="policy/_board_rows.html",
        context={
            "tally": shown.tally,
            "cells": page.object_list,
            "page_obj": page,
            "form": form,
            "filtered": any(chosen.values()),
            "labels": _state_labels(),
        },
    )
