"""Writes of the policy lab: save a scenario (checked at once), run it as a background job."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.analytics.games import run_scenario
from iecommons.analytics.games.scenario import scenario_model
from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse
from iecommons.policy.models import PolicyScenario
from iecommons.registry.models import Region


def _check_document(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise refuse("document", _("The scenario must be a JSON object."))
    try:
        model = scenario_model(document)
        model.values(document.get("parameters") or {})
    except ValueError as error:
        raise refuse("document", str(error)) from None
    return document


@transaction.atomic
def scenario_create(
    *,
    actor: Any,
    title: str,
    document: Any,
    jurisdiction: Region | None = None,
    calibration: dict[str, Any] | None = None,
    enqueue: bool = True,
) -> PolicyScenario:
    """Save a scenario and queue its run (after commit)."""
    require(rules.can_run_scenarios(actor) and rules.can_open_programme(actor, jurisdiction))
    if not title.strip():
        raise refuse("title", _("Give the scenario a title."))
    scenario = PolicyScenario.objects.create(
        title=title.strip(),
        jurisdiction=jurisdiction,
        document=_check_document(document),
        calibration=calibration or {},
        created_by=actor,
    )
    audit.record(actor=actor, instance=scenario, operation="scenario_create")
    if enqueue:
        from iecommons.policy.tasks import run_policy_scenario

        scenario_id = scenario.pk
        transaction.on_commit(lambda: run_policy_scenario.enqueue(scenario_id))
    return scenario


@transaction.atomic
def scenario_execute(*, scenario_id: int) -> PolicyScenario:
    """Run the scenario's document and store the result (or the refusal) on it."""
    scenario = PolicyScenario.objects.select_for_update().get(pk=scenario_id)
    before = audit.snapshot(scenario)
    try:
        scenario.result = run_scenario(scenario.document)
        scenario.status = PolicyScenario.Status.DONE
        scenario.error = ""
    except ValueError as error:
        scenario.result = None
        scenario.status = PolicyScenario.Status.FAILED
        scenario.error = str(error)
    scenario.save(update_fields=["result", "status", "error"])
    audit.record(actor=None, instance=scenario, operation="scenario_execute", before=before)
    return scenario
