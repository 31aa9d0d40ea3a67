"""Background jobs of the policy app. They take ids (or nothing), never objects, and import
the services they run inside the function (services enqueue some of these jobs)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from iecommons.common.jobs import job_lease


@task()
def lapse_programmes() -> int:
    """Send the lapse alerts that are due and lapse every programme past its spend-by date;
    return how many programmes lapsed."""
    from iecommons.policy.services.ledger import lapse_alerts_send, lapse_due, programme_lapse

    lapse_alerts_send()
    due = lapse_due()
    for programme_id in due:
        programme_lapse(programme_id=programme_id)
    return len(due)


@task(takes_context=True)
def run_policy_scenario(context: Any, scenario_id: int) -> str:
    """Run a saved scenario of the policy lab under a job lease; return its status."""
    from iecommons.policy.services.scenario_runs import scenario_execute, scenario_job_key

    with job_lease(context, scenario_job_key(scenario_id), args=[scenario_id]) as lease:
        return scenario_execute(scenario_id=scenario_id, lease=lease).status
    return "cancelled"
