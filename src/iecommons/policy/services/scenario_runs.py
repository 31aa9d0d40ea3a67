"""The policy lab's job: run a saved scenario (enqueued by :mod:`.scenarios`)."""

from __future__ import annotations

from django.db import transaction

from iecommons.analytics.games import run_scenario
from iecommons.common import audit
from iecommons.policy.models import PolicyScenario


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
