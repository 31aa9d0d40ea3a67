"""Background jobs of the policy app. They take ids (or nothing), never objects, and import
the services they run inside the function (services enqueue some of these jobs)."""

from __future__ import annotations

from django_tasks import task


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


@task()
def run_policy_scenario(scenario_id: int) -> str:
    """Run a saved scenario of the policy lab; return its status."""
    from iecommons.policy.services.scenario_runs import scenario_execute

    return scenario_execute(scenario_id=scenario_id).status
