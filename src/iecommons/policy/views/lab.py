"""The policy lab: saved scenarios, each run as a background job, with its charts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from iecommons.authz import policy as rules
from iecommons.common.forms import apply_service_errors
from iecommons.policy.forms import ScenarioForm
from iecommons.policy.models import PolicyScenario
from iecommons.policy.services.scenarios import scenario_create

PLAYER_LABELS = {
    "government": "government: active incentive and regulation",
    "enterprises": "enterprises: deep participation",
    "colleges": "colleges: active participation",
}


@login_required
def scenario_list(request: HttpRequest) -> HttpResponse:
    if not rules.can_run_scenarios(request.user):
        raise PermissionDenied
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = scenario_create(
                actor=request.user,
                title=form.cleaned_data["title"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The scenario was saved and its run queued."))
            return redirect("policy:scenario_detail", scenario.pk)
    scenarios = rules.visible_scenarios(request.user, PolicyScenario.objects.all())
    return render(request, "policy/scenario_list.html", {"form": form, "scenarios": scenarios})


def _charts(result: dict[str, Any]) -> dict[str, Any]:
    path = result["trajectory"]
    charts: dict[str, Any] = {
        "trajectory": {
            "times": path["times"],
            "series": [
                {"name": _(PLAYER_LABELS[player]), "values": [row[k] for row in path["shares"]]}
                for k, player in enumerate(("government", "enterprises", "colleges"))
            ],
            "labels": {"time": _("time"), "share": _("share choosing the active strategy")},
        }
    }
    grid = result.get("sweep")
    if grid:
        charts["sweep"] = {
            "x": grid["first_values"],
            "y": grid["second_values"],
            "names": grid["parameters"],
            "cells": [
                [i, j, index]
                for i, row in enumerate(grid["corner_index"])
                for j, index in enumerate(row)
            ],
            "corners": grid["corner_labels"],
            "none": _("no corner (cycle or interior)"),
        }
    return charts


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(PolicyScenario, pk=pk)
    if not rules.can_see_scenario(request.user, scenario):
        raise Http404
    result = scenario.result
    return render(
        request,
        "policy/scenario_detail.html",
        {
            "scenario": scenario,
            "result": result,
            "charts": _charts(result) if result else None,
            "parameters": sorted((result or {}).get("parameters", {}).items()),
        },
    )
