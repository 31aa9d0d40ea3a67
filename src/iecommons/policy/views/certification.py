"""The public list of certified enterprises and an enterprise's surcharge calculator with
its evidence pack (a ZIP of the XLSX workbook and the certification's documents)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from iecommons.authz import policy as rules
from iecommons.common.rendering import render_page_or_partial
from iecommons.policy.evidence_pack import evidence_pack_zip
from iecommons.policy.forms_certification import CertifiedFilterForm
from iecommons.policy.selectors import certification as selectors
from iecommons.policy.surcharge import CalculatorError
from iecommons.registry.models import Organization

PER_PAGE = 50


def certified_list(request: HttpRequest) -> HttpResponse:
    """Enterprises certified now, by province, with when and the next confirmation."""
    form = CertifiedFilterForm(request.GET, provinces=selectors.certification_provinces())
    province = form.cleaned_data.get("province") if form.is_valid() else None
    page = Paginator(selectors.certified_enterprises(province), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render_page_or_partial(
        request,
        page="policy/certified_list.html",
        partial="policy/_certified_rows.html",
        context={"form": form, "page": page, "certifications": page.object_list},
    )


def _calculator_organization(request: HttpRequest, pk: int) -> Organization:
    organization = get_object_or_404(Organization, pk=pk)
    if not rules.can_use_calculator(request.user, organization):
        raise Http404
    return organization


@login_required
def calculator(request: HttpRequest, pk: int) -> HttpResponse:
    """Year by year: the surcharges, the 30 % credit, offsets, carry-forward and clawback."""
    organization = _calculator_organization(request, pk)
    error = None
    rows = []
    try:
        rows = selectors.surcharge_table(organization)
    except CalculatorError as refusal:
        error = refusal
    return render(
        request,
        "policy/calculator.html",
        {"organization": organization, "rows": rows, "error": error},
        status=200 if error is None else 422,
    )


@login_required
def evidence_pack(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _calculator_organization(request, pk)
    try:
        rows = selectors.surcharge_table(organization)
    except CalculatorError:
        return calculator(request, pk)
    response = HttpResponse(evidence_pack_zip(organization, rows), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="evidence-pack-{pk}.zip"'
    return response
