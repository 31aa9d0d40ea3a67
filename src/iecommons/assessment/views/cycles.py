"""Cycle pages: list, open, detail with the status board, weighting and weights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.accounts.models import User
from iecommons.assessment.forms.cycles import CycleOpenForm, WeightingForm
from iecommons.assessment.models import AssessmentCycle, WeightingChoice
from iecommons.assessment.selectors import values as value_selectors
from iecommons.assessment.selectors.weights import cycle_weights
from iecommons.assessment.services import cycles as services
from iecommons.assessment.tasks import compute_derived_for_cycle
from iecommons.assessment.views.base import TEMPLATES, cycle_for
from iecommons.authz import assessment as rules
from iecommons.authz import registry as registry_rules
from iecommons.authz.scope import require
from iecommons.common.forms import apply_service_errors
from iecommons.common.pages import REFUSED, post_data
from iecommons.registry.models import Community, Region


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    require(rules.can_use_assessment(request.user))
    cycles = rules.visible_cycles(request.user, AssessmentCycle.objects.all()).select_related(
        "framework", "jurisdiction"
    )
    return render(
        request,
        TEMPLATES + "cycle_list.html",
        {
            "cycles": cycles.order_by("-year", "name"),
            "can_open": rules.can_open_cycle(request.user),
            "can_read_frameworks": rules.can_read_frameworks(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cycle_open(request: HttpRequest) -> HttpResponse:
    require(rules.can_open_cycle(request.user))
    regions = rules.visible_jurisdictions(request.user, Region.objects.all())
    data, _files = post_data(request)
    form = CycleOpenForm(
        data, regions=regions, national=rules.can_open_cycle_for(request.user, None)
    )
    status = 200
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        communities = registry_rules.visible_supervised_communities(
            request.user, Community.objects.filter(status=Community.Status.ACTIVE)
        )
        if cleaned["jurisdiction"] is not None:
            region = cleaned["jurisdiction"]
            communities = communities.filter(province=region) | communities.filter(region=region)
        if cleaned["levels"]:
            communities = communities.filter(level__in=cleaned["levels"])
        if cleaned["fields_in_scope"]:
            communities = communities.filter(field__in=cleaned["fields_in_scope"])
        try:
            cycle = services.cycle_open(
                actor=request.user,
                name=cleaned["name"],
                name_en=cleaned["name_en"],
                year=cleaned["year"],
                period_start=cleaned["period_start"],
                period_end=cleaned["period_end"],
                framework=cleaned["framework"],
                communities=communities.distinct(),
                submission_deadline=cleaned["submission_deadline"],
                verification_deadline=cleaned["verification_deadline"],
                judgment_deadline=cleaned["judgment_deadline"],
                jurisdiction=cleaned["jurisdiction"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            status = REFUSED
        else:
            messages.success(request, _("The cycle is open."))
            return redirect("assessment:cycle_detail", pk=cycle.pk)
    elif data is not None:
        status = REFUSED
    return render(request, TEMPLATES + "cycle_open.html", {"form": form}, status=status)


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk)
    communities = rules.visible_cycle_communities(request.user, cycle).select_related("field")
    level = request.GET.get("level", "")
    if level:
        communities = communities.filter(level=level)
    board = value_selectors.cycle_board(cycle, communities)
    return render(
        request,
        TEMPLATES + "cycle_detail.html",
        {
            "cycle": cycle,
            "board": board,
            "statuses": value_selectors.STATUSES,
            "level": level,
            "levels": Community.Level.choices,
            "can_manage": rules.can_manage_cycle(request.user, cycle),
            "is_expert": rules.is_cycle_expert(request.user, cycle),
            "experts": cycle.experts.select_related("user"),
        },
    )


@login_required
@require_POST
def cycle_derive(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, rules.can_manage_cycle)
    compute_derived_for_cycle.enqueue(cycle.pk)
    messages.success(request, _("Derived indicators are being computed in the background."))
    return redirect("assessment:cycle_detail", pk=cycle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_weighting(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, rules.can_manage_cycle)
    choice = WeightingChoice.objects.filter(cycle=cycle).first() or WeightingChoice(cycle=cycle)
    data, _files = post_data(request)
    form = WeightingForm(
        data,
        initial={
            "method": choice.method,
            "objective_method": choice.objective_method,
            "combination": choice.combination,
            "alpha": choice.alpha,
            "group_aggregation": choice.group_aggregation,
        },
    )
    status = 200
    if data is not None and form.is_valid():
        try:
            services.weighting_choose(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
            status = REFUSED
        else:
            messages.success(request, _("Weighting saved."))
            return redirect("assessment:cycle_weighting", pk=cycle.pk)
    elif data is not None:
        status = REFUSED
    weights = cycle_weights(cycle)
    leaves = services.leaf_indicators(cycle.framework)
    rows = [
        (
            leaf,
            weights.subjective.get(leaf.code, 0.0),
            weights.objective.get(leaf.code, 0.0),
            weights.combined.get(leaf.code, 0.0),
            weights.weights.get(leaf.code, 0.0),
        )
        for leaf in leaves
    ]
    return render(
        request,
        TEMPLATES + "cycle_weighting.html",
        {"cycle": cycle, "form": form, "weights": weights, "rows": rows},
        status=status,
    )


@login_required
@require_POST
def cycle_expert_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    """Appoint an expert to the cycle by user name (besides the communities' experts)."""
    cycle = cycle_for(request, pk, rules.can_manage_cycle)
    username = request.POST.get("username", "").strip()
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        messages.error(request, _("No active user is called “%(name)s”.") % {"name": username})
    else:
        try:
            services.cycle_expert_appoint(actor=request.user, cycle=cycle, user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is appointed to the cycle.") % {"name": user})
    return redirect("assessment:cycle_detail", pk=cycle.pk)
