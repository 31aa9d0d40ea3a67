"""Writes of the policy lab: save a scenario (checked at once, optionally calibrated from
the platform's ledgers), and run it as a background job.

A scenario's parameters are, lowest first: the model's defaults; the values calibrated
from the jurisdiction's records (:mod:`iecommons.policy.selectors.calibration`); those the
scenario document names under ``"parameters"``; those given one by one (the page's
fields, the API's ``parameters``). The saved document carries every value written out, so
that it runs the same without the platform; ``calibration`` keeps what was read, from
where and for which years, and which values the supervisor set instead.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.analytics.games.scenario import check_scenario, scenario_model
from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse
from iecommons.policy.models import PolicyScenario
from iecommons.policy.selectors.calibration import calibrated_values, calibration_compute
from iecommons.registry.models import Region

#: The run a scenario gets when its document says nothing else: from the middle, 60 time
#: units, and the subsidy × penalty sweep of enterprise incentives (41 × 41).
DEFAULT_RUN: dict[str, Any] = {
    "start": [0.5, 0.5, 0.5],
    "t_end": 60,
    "sweep": {
        "first": {"parameter": "S_e", "from": 0, "to": 5, "count": 41},
        "second": {"parameter": "F_e", "from": 0, "to": 5, "count": 41},
        "t_end": 200,
    },
}


def _number(name: str, value: Any) -> float:
    field = f"parameters.{name}"
    if isinstance(value, bool) or value is None:
        raise refuse(field, _("%(name)s: give a number.") % {"name": name})
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise refuse(field, _("%(name)s: give a number.") % {"name": name}) from None
    if not math.isfinite(number):
        raise refuse(field, _("%(name)s: give a finite number.") % {"name": name})
    return number


def _overrides(model_names: Any, given: Mapping[str, Any] | None) -> dict[str, float]:
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise refuse("parameters", _("Give the parameters as names with their values."))
    known = ", ".join(sorted(model_names))
    checked = {}
    for name, value in given.items():
        if name not in model_names:
            raise refuse(
                f"parameters.{name}",
                _("%(name)s is not a parameter of the model (its parameters: %(known)s).")
                % {"name": name, "known": known},
            )
        checked[str(name)] = _number(str(name), value)
    return checked


def scenario_parameters(
    *,
    actor: Any,
    document: Any,
    jurisdiction: Region | None = None,
    calibrate: bool = False,
    first_year: Any = None,
    last_year: Any = None,
    unit: Any = None,
    parameters: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The scenario as it would be saved: the document with every parameter written out,
    and its calibration record. Writes nothing (the page's preview calls it too).

    Refuses, naming the field: a document that is not a scenario (``document``), a
    parameter the model does not have or a value that is not a finite number
    (``parameters.<name>``), bad years or unit (``first_year``, ``last_year``, ``unit``),
    and a system that is undefined with these values (``document``, or the parameters).
    """
    if document is None:
        document = copy.deepcopy(DEFAULT_RUN)
    if not isinstance(document, dict):
        raise refuse("document", _("The scenario must be a JSON object."))
    named = document.get("parameters") or {}
    if not isinstance(named, Mapping):
        raise refuse("document", _('"parameters" must map each parameter to its value.'))
    try:
        model = scenario_model(document)
        from_document = model.values(named)
    except ValueError as error:
        raise refuse("document", str(error)) from None
    explicit = {name: from_document[name] for name in named} | _overrides(
        model.parameters, parameters
    )
    record: dict[str, Any] = {}
    calibrated: dict[str, float] = {}
    if calibrate:
        if not rules.can_calibrate_from(actor, jurisdiction):
            raise refuse(
                "jurisdiction",
                _("Choose a jurisdiction you supervise: its records calibrate the scenario."),
            )
        record = calibration_compute(
            actor=actor,
            jurisdiction=jurisdiction,
            first_year=first_year,
            last_year=last_year,
            unit=unit,
        )
        calibrated = {
            name: value
            for name, value in calibrated_values(record).items()
            if name in model.parameters
        }
    values = model.values() | calibrated | explicit
    saved = {**document, "parameters": values}
    try:
        check_scenario(saved)
    except ValueError as error:
        # The engine's message names the key, or the expression and the parameters' values.
        raise refuse("document", str(error)) from None
    if record or explicit:
        record = {**record, "overrides": explicit}
    return saved, record


@transaction.atomic
def scenario_create(
    *,
    actor: Any,
    title: str,
    document: Any = None,
    jurisdiction: Region | None = None,
    calibrate: bool = False,
    first_year: Any = None,
    last_year: Any = None,
    unit: Any = None,
    parameters: Mapping[str, Any] | None = None,
    enqueue: bool = True,
) -> PolicyScenario:
    """Save a scenario (see :func:`scenario_parameters`) and queue its run after commit."""
    require(rules.can_save_scenario(actor, jurisdiction))
    if not str(title or "").strip():
        raise refuse("title", _("Give the scenario a title."))
    if len(str(title).strip()) > 200:
        raise refuse("title", _("At most %(limit)s characters, please.") % {"limit": 200})
    saved, record = scenario_parameters(
        actor=actor,
        document=document,
        jurisdiction=jurisdiction,
        calibrate=calibrate,
        first_year=first_year,
        last_year=last_year,
        unit=unit,
        parameters=parameters,
    )
    scenario = PolicyScenario.objects.create(
        title=str(title).strip(),
        jurisdiction=jurisdiction,
        document=saved,
        calibration=record,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, instance=scenario, operation="scenario_create")
    if enqueue:
        scenario_id = scenario.pk
        transaction.on_commit(lambda: _enqueue(scenario_id))
    return scenario


def _enqueue(scenario_id: int) -> None:
    from iecommons.common.jobs import job_enqueue
    from iecommons.policy.services.scenario_runs import scenario_job_key
    from iecommons.policy.tasks import run_policy_scenario

    job_enqueue(
        run_policy_scenario,
        scenario_id,
        key=scenario_job_key(scenario_id),
        on_lost="iecommons.policy.services.scenario_runs.scenario_run_lost",
    )
