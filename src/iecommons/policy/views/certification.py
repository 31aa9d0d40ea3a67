"""The public list of certified enterprises and an enterprise's surcharge calculator with
its evidence pack."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from iecommons.authz import policy as rules
from iecommons.common.exports import XLSX_CONTENT_TYPE
from iecommons.policy.evidence_pack import evidence_pack_xlsx
from iecommons.policy.selectors import certification as selectors
from iecommons.policy.surcharge import CalculatorError
from iecommons.registry.models import Organization


def certified_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "policy/certified_list.html", {"certifications": selectors.certified_enterprises()}
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
    response = HttpResponse(evidence_pack_xlsx(organization, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="surcharge-offsets-{pk}.xlsx"'
    return response
