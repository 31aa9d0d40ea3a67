"""Writes of the policy lab: save a scenario (checked at once), run it as a background job."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

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
    require(rules.can_save_scenario(actor, jurisdiction))
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
