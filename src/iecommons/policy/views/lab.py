"""The policy lab: build a scenario (optionally calibrated from the platform's ledgers, the
calibrated values shown beside the defaults before saving), run it as a background job,
and read its charts with the parameters and where each came from."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from iecommons.analytics.games.scenario import scenario_model
from iecommons.authz import policy as rules
from iecommons.common.pages import ServiceRefusedError, bind, refusals_onto, render_form
from iecommons.policy.forms import ScenarioForm
from iecommons.policy.labels import (
    GROUP_LABELS,
    PARAMETER_LABELS,
    PLAYER_LABELS,
    SOURCE_LABELS,
    STABILITY_LABELS,
)
from iecommons.policy.models import PolicyScenario
from iecommons.policy.selectors.calibration import (
    ParameterOrigin,
    default_period,
    parameter_origins,
)
from iecommons.policy.services.scenarios import DEFAULT_RUN, scenario_create, scenario_parameters
from iecommons.registry.models import Region

#: Saved scenarios on one page of the lab.
SCENARIOS_PER_PAGE = 20


def jurisdiction_choices(user: Any) -> list[tuple[str, str]]:
    """The jurisdictions ``user`` may save scenarios for: national and the provinces for a
    national supervisor; otherwise none (a scenario of its own, which cannot be
    calibrated) and its own province and its cities (or its cities)."""
    regions = rules.visible_scenario_regions(user, Region.objects.order_by("code"))
    if rules.can_calibrate_from(user, None):
        choices = [("", capfirst(_("national")))]
        regions = regions.filter(level=Region.Level.PROVINCE)
    else:
        choices = [("", capfirst(_("none (only you see the scenario)")))]
    return choices + [(region.code, str(region)) for region in regions]


def _region(code: str) -> Region | None:
    return Region.objects.filter(code=code).first() if code else None


def _rows(origins: list[ParameterOrigin], model_descriptions: dict[str, str]) -> list[Any]:
    """What the parameters table shows: name, meaning, default, calibrated, used, origin."""
    rows = []
    for row in origins:
        record = row.record or {}
        rows.append(
            {
                "name": row.name,
                "label": PARAMETER_LABELS.get(row.name) or model_descriptions.get(row.name, ""),
                "value": row.value,
                "default": row.default,
                "origin": row.origin,
                "calibrated": row.calibrated,
                "source": SOURCE_LABELS.get(record.get("source", ""), ""),
                "group": GROUP_LABELS.get(record.get("group", ""), ""),
                "record": record,
            }
        )
    return rows


def _parameter_rows(document: dict[str, Any], calibration: dict[str, Any]) -> list[Any]:
    try:
        model = scenario_model(document)
    except ValueError:
        return []
    defaults = {name: p.value for name, p in model.parameters.items()}
    descriptions = {name: p.description for name, p in model.parameters.items()}
    values = dict(document.get("parameters") or {})
    return _rows(parameter_origins(defaults, values, calibration), descriptions)


def _form_input(form: ScenarioForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "document": data["document"],
        "jurisdiction": _region(data["jurisdiction"]),
        "calibrate": data["calibrate"],
        "first_year": data["first_year"],
        "last_year": data["last_year"],
        "unit": data["unit"],
        "parameters": form.overrides(),
    }


@login_required
def scenario_list(request: HttpRequest) -> HttpResponse:
    """The saved scenarios and the form of a new one. "Show the values" computes the
    calibration and lists every parameter beside its default, writing nothing; "Save and
    run" saves and queues the run."""
    if not rules.can_run_scenarios(request.user):
        raise PermissionDenied
    form = bind(
        ScenarioForm,
        request,
        jurisdictions=jurisdiction_choices(request.user),
        defaults=default_period(),
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        given = _form_input(form)
        try:
            with refusals_onto(form, fields=ScenarioForm.service_fields()):
                if request.POST.get("action") == "preview":
                    saved, record = scenario_parameters(actor=request.user, **given)
                    preview = {"rows": _parameter_rows(saved, record), "calibration": record}
                else:
                    scenario = scenario_create(
                        actor=request.user, title=form.cleaned_data["title"], **given
                    )
                    messages.success(request, _("The scenario was saved and its run queued."))
                    return redirect("policy:scenario_detail", scenario.pk)
        except ServiceRefusedError:
            pass
    if preview is None:
        preview = {"rows": _parameter_rows(DEFAULT_RUN, {}), "calibration": {}}
    fields = dict(form.parameter_fields())
    for row in preview["rows"]:
        row["field"] = fields.get(row["name"])
    scenarios = rules.visible_scenarios(
        request.user, PolicyScenario.objects.select_related("jurisdiction")
    )
    page = Paginator(scenarios, SCENARIOS_PER_PAGE).get_page(request.GET.get("page"))
    return render_form(
        request,
        "policy/scenario_list.html",
        {
            "form": form,
            "preview": preview,
            "scenarios": page.object_list,
            "page_obj": page,
        },
    )


def _charts(result: dict[str, Any]) -> dict[str, Any]:
    path = result["trajectory"]
    charts: dict[str, Any] = {
        "trajectory": {
            "times": path["times"],
            "series": [
                {"name": str(PLAYER_LABELS[player]), "values": [row[k] for row in path["shares"]]}
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


def _scenario_to_read(request: HttpRequest, pk: int) -> PolicyScenario:
    scenario = get_object_or_404(PolicyScenario.objects.select_related("jurisdiction"), pk=pk)
    if not rules.can_see_scenario(request.user, scenario):
        raise Http404
    return scenario


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario_to_read(request, pk)
    result = scenario.result
    corners = [
        {**corner, "stability_label": STABILITY_LABELS.get(corner["stability"], "")}
        for corner in (result or {}).get("corners", [])
    ]
    return render(
        request,
        "policy/scenario_detail.html",
        {
            "scenario": scenario,
            "result": result,
            "corners": corners,
            "charts": _charts(result) if result else None,
            "rows": _parameter_rows(scenario.document, scenario.calibration or {}),
            "calibration": scenario.calibration or {},
        },
    )


@login_required
def scenario_state(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's state, an htmx fragment polled every 2 s while the run is queued or
    running; once it has finished, the whole page is reloaded to draw the charts."""
    scenario = _scenario_to_read(request, pk)
    response = render(request, "policy/_scenario_state.html", {"scenario": scenario})
    if scenario.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response
