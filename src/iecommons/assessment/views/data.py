"""Data pages: a community's values in a cycle, submission with evidence, verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.assessment.forms.values import ReturnForm, ValueSubmitForm
from iecommons.assessment.models import Evidence, Indicator, IndicatorValue
from iecommons.assessment.selectors import values as value_selectors
from iecommons.assessment.services import values as services
from iecommons.assessment.views.base import (
    TEMPLATES,
    cycle_community_for,
    cycle_for,
)
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common.forms import apply_service_errors
from iecommons.common.pages import REFUSED, post_data


@login_required
def community_data(request: HttpRequest, pk: int, community_pk: int) -> HttpResponse:
    cycle, community = cycle_community_for(request, pk, community_pk)
    return render(
        request,
        TEMPLATES + "community_data.html",
        {
            "cycle": cycle,
            "community": community,
            "values": value_selectors.community_values(cycle, community),
            "can_submit": rules.can_submit(request.user, cycle, community),
            "can_verify": rules.can_verify(request.user, cycle, community),
            "can_score": rules.can_score(request.user, cycle, community),
            "return_form": ReturnForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def value_submit(
    request: HttpRequest, pk: int, community_pk: int, indicator_pk: int
) -> HttpResponse:
    cycle, community = cycle_community_for(request, pk, community_pk)
    require(rules.can_submit(request.user, cycle, community))
    indicator = get_object_or_404(
        Indicator, pk=indicator_pk, framework_id=cycle.framework_id, parent__isnull=False
    )
    current = IndicatorValue.objects.filter(
        cycle=cycle, community=community, indicator=indicator
    ).first()
    data, files = post_data(request)
    form = ValueSubmitForm(data, files, initial={"value": current.value if current else None})
    status = 200
    if data is not None and form.is_valid():
        evidence = request.FILES.getlist("evidence")
        try:
            services.indicator_value_submit(
                actor=request.user,
                cycle=cycle,
                community=community,
                indicator=indicator,
                value=form.cleaned_data["value"],
                evidence=evidence,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            status = REFUSED
        else:
            messages.success(
                request, _("Submitted: %(indicator)s.") % {"indicator": indicator.name}
            )
            return redirect("assessment:community_data", pk=cycle.pk, community_pk=community.pk)
    elif data is not None:
        status = REFUSED
    return render(
        request,
        TEMPLATES + "value_submit.html",
        {
            "cycle": cycle,
            "community": community,
            "indicator": indicator,
            "current": current,
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def expert_score(
    request: HttpRequest, pk: int, community_pk: int, indicator_pk: int
) -> HttpResponse:
    """An expert scores an expert-scored indicator (0–100) for the community."""
    cycle, community = cycle_community_for(request, pk, community_pk)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, framework_id=cycle.framework_id)
    try:
        services.expert_score_submit(
            actor=request.user,
            cycle=cycle,
            community=community,
            indicator=indicator,
            score=float(request.POST.get("score", "nan")),
            comment=request.POST.get("comment", ""),
        )
    except ValueError:
        messages.error(request, _("Enter a score from 0 to 100."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Scored: %(indicator)s.") % {"indicator": indicator.name})
    return redirect("assessment:community_data", pk=cycle.pk, community_pk=community.pk)


def _value_for(request: HttpRequest, pk: int) -> IndicatorValue:
    value = get_object_or_404(
        IndicatorValue.objects.select_related("cycle", "community", "indicator"), pk=pk
    )
    if not rules.can_view_community_data(request.user, value.cycle, value.community):
        raise Http404
    require(rules.can_verify(request.user, value.cycle, value.community))
    return value


def _back(request: HttpRequest, value: IndicatorValue) -> HttpResponse:
    if request.POST.get("next") == "queue":
        return redirect("assessment:verification_queue", pk=value.cycle_id)
    return redirect("assessment:community_data", pk=value.cycle_id, community_pk=value.community_id)


@login_required
@require_POST
def value_verify(request: HttpRequest, pk: int) -> HttpResponse:
    value = _value_for(request, pk)
    try:
        services.indicator_value_verify(actor=request.user, value=value)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Verified: %(indicator)s.") % {"indicator": value.indicator.name}
        )
    return _back(request, value)


@login_required
@require_POST
def value_return(request: HttpRequest, pk: int) -> HttpResponse:
    value = _value_for(request, pk)
    form = ReturnForm(request.POST)
    try:
        services.indicator_value_return(
            actor=request.user, value=value, comment=request.POST.get("comment", "")
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Returned: %(indicator)s.") % {"indicator": value.indicator.name}
        )
    return _back(request, value)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("value__cycle", "value__community"), pk=pk
    )
    value = evidence.value
    if not rules.can_view_community_data(request.user, value.cycle, value.community):
        raise Http404
    return FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )


@login_required
def verification_queue(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, rules.can_verify_in_cycle)
    return render(
        request,
        TEMPLATES + "verification_queue.html",
        {"cycle": cycle, "values": value_selectors.verification_queue(request.user, cycle)},
    )
