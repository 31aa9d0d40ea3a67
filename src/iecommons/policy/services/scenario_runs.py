"""The policy lab's job: run a saved scenario (enqueued by :mod:`.scenarios`).

The scenario is marked running in a transaction of its own, so that its page shows it at
once; the game is computed outside any transaction (no row lock held for seconds); the
result, or the refusal that stopped it, is stored at the end in one write. A worker lost
mid-run is noticed by the job sweeper (``common.jobs``), which queues the run again once or
fails it with the reason (:func:`scenario_run_lost`), so a scenario never stays running.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.analytics.games import run_scenario
from iecommons.common import audit
from iecommons.common.jobs import Lease
from iecommons.policy.models import PolicyScenario

Status = PolicyScenario.Status


def scenario_job_key(scenario_id: int) -> str:
    return f"policy.scenario:{scenario_id}"


def _finish(scenario_id: int, lease: Lease | None, **changes: Any) -> PolicyScenario:
    with transaction.atomic():
        if lease is not None:
            lease.hold()
        scenario = PolicyScenario.objects.select_for_update().get(pk=scenario_id)
        before = audit.snapshot(scenario)
        for name, value in changes.items():
            setattr(scenario, name, value)
        scenario.finished_at = timezone.now()
        scenario.save(update_fields=[*changes, "finished_at"])
        audit.record(actor=None, instance=scenario, operation="scenario_execute", before=before)
    return scenario


def scenario_execute(*, scenario_id: int, lease: Lease | None = None) -> PolicyScenario:
    """Run the scenario's document and store the result (or the refusal) on it.

    Idempotent: a scenario that is done or failed is left as it is. ``lease``: the job's
    lease, held while the result is written (a lost worker's lease writes nothing).
    """
    started = PolicyScenario.objects.filter(
        pk=scenario_id, status__in=[Status.QUEUED, Status.RUNNING]
    ).update(status=Status.RUNNING, error="")
    if not started:
        return PolicyScenario.objects.get(pk=scenario_id)
    document = PolicyScenario.objects.values_list("document", flat=True).get(pk=scenario_id)
    try:
        result = run_scenario(document)
    except ValueError as error:
        # The engine's refusal names the key and the value (e.g. "t_end is 'long'").
        return _finish(scenario_id, lease, result=None, status=Status.FAILED, error=str(error))
    except Exception as error:  # a defect: say so on the page, and let the job fail too
        _finish(
            scenario_id,
            lease,
            result=None,
            status=Status.FAILED,
            error=_("The run stopped on an unexpected error (%(error)s).")
            % {"error": type(error).__name__},
        )
        raise
    return _finish(scenario_id, lease, result=result, status=Status.DONE, error="")


def scenario_run_lost(scenario_id: int, *, reason: str, retrying: bool) -> None:
    """The worker running the scenario stopped (the job sweeper calls this): queued again,
    or failed with the reason once out of attempts."""
    if retrying:
        changes: dict[str, Any] = {"status": Status.QUEUED, "error": ""}
    else:
        changes = {
            "status": Status.FAILED,
            "error": _("The worker running it stopped: %(reason)s") % {"reason": reason},
            "finished_at": timezone.now(),
        }
    PolicyScenario.objects.filter(
        pk=scenario_id, status__in=[Status.QUEUED, Status.RUNNING]
    ).update(**changes)
