"""Computing an evaluation run: the background job's write (results, outcome, execution
state), what happens when its worker is lost, and re-computing a stored run to compare,
writing nothing.

Called by :func:`iecommons.assessment.tasks.execute_evaluation_run`; it takes the run's id.
The results are written in one transaction at the end, so a worker killed at any moment
leaves no partial results; the job's lease (``common.jobs``) sees to it that a lost worker's
run is computed again once, or failed with the reason, and that a cancelled run stops at the
next step and writes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.assessment import engine
from iecommons.assessment.engine import reproduction
from iecommons.assessment.models import AssessmentCycle, EvaluationRun, RectificationTask, Result
from iecommons.common.jobs import JobCancelledError, Lease, LeaseLostError
from iecommons.common.services import refuse

Status = EvaluationRun.Status


def _progress(run_id: int, **changes: Any) -> int:
    # Outside the computing transaction, so that the run page sees it at once; only while
    # the run is running (a cancelled run stays cancelled).
    return EvaluationRun.objects.filter(pk=run_id, status=Status.RUNNING).update(**changes)


def evaluation_run_execute(*, run_id: int, lease: Lease | None = None) -> EvaluationRun:
    """Compute a queued run from its snapshot and store the results (the background job).

    Idempotent: a run that is already done (or cancelled) is left as it is. Tasks raised by
    earlier cycles learn the value their indicator has now (did it move?). ``lease``: the
    job's lease, checked between steps (cancel, lost worker) and held while writing.
    """
    run = EvaluationRun.objects.select_related("cycle").get(pk=run_id)
    if run.status in (Status.DONE, Status.CANCELLED):
        return run
    started = EvaluationRun.objects.filter(
        pk=run_id, status__in=[Status.QUEUED, Status.RUNNING, Status.FAILED]
    ).update(status=Status.RUNNING, progress=10, started_at=timezone.now(), error="")
    if not started:
        return EvaluationRun.objects.get(pk=run_id)
    step = lease.check if lease is not None else _no_lease
    try:
        step()
        run_input = engine.RunInput.from_json(run.snapshot)
        output = engine.evaluate(run_input)
        step()
        _progress(run_id, progress=70)
        with transaction.atomic():
            if lease is not None:
                lease.hold()
            Result.objects.filter(run_id=run_id).delete()
            Result.objects.bulk_create(
                [_result_row(run_id, result) for result in output.results], batch_size=500
            )
            finished = EvaluationRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
                status=Status.DONE,
                progress=100,
                finished_at=timezone.now(),
                outcome=outcome_json(output),
                error="",
            )
            if not finished:  # cancelled while computing: roll the results back
                raise JobCancelledError(str(run_id))
            record_task_outcomes(cycle=run.cycle, run_input=run_input)
    except JobCancelledError:
        # Usually the cancel service has said so on the run already; make sure.
        EvaluationRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
            status=Status.CANCELLED, finished_at=timezone.now()
        )
        raise
    except LeaseLostError:
        raise  # the sweeper gave the run to another attempt: leave it to that one
    except Exception as error:  # the job records any failure on the run for the page
        _progress(run_id, status=Status.FAILED, progress=100, error=str(error)[:500])
        raise
    run.refresh_from_db()
    return run


def _no_lease() -> None:
    """Run without a job (the demo seed, the benchmark): nothing to check between steps."""


def evaluation_run_lost(run_id: int, *, reason: str, retrying: bool) -> None:
    """The worker computing the run stopped (the job sweeper calls this).

    Queued again: the run waits for the next worker. Out of attempts: the run fails, with
    the reason; either way no partial results exist, since they are written in one go.
    """
    changes: dict[str, Any] = {"interruptions": F("interruptions") + 1, "progress": 0}
    if retrying:
        changes.update(status=Status.QUEUED, error="")
    else:
        changes.update(status=Status.FAILED, error=reason[:500], finished_at=timezone.now())
    EvaluationRun.objects.filter(pk=run_id, status__in=[Status.QUEUED, Status.RUNNING]).update(
        **changes
    )


def outcome_json(output: engine.RunOutput) -> dict[str, Any]:
    return {
        "count": len(output.results),
        "excluded": output.excluded,
        "imputed": [list(item) for item in output.imputed],
        "peer_medians": output.peer_dimension_medians,
        "sensitivity_seed": output.sensitivity_seed,
    }


def _result_row(run_id: int, result: engine.CommunityResult) -> Result:
    # The record the ``iecommons reproduce`` command prints, so the two cannot drift.
    return Result(run_id=run_id, **reproduction.result_record(result))


def result_json(result: engine.CommunityResult) -> dict[str, Any]:
    """A result as stored, for comparing a re-computation with the database."""
    return reproduction.result_record(result)


def record_task_outcomes(*, cycle: AssessmentCycle, run_input: engine.RunInput) -> int:
    """Fill the outcome of open-ended tasks from earlier cycles with this cycle's values."""
    row_of = {pk: i for i, pk in enumerate(run_input.community_ids)}
    column_of = {code: j for j, code in enumerate(run_input.indicator_codes)}
    tasks = RectificationTask.objects.filter(
        community_id__in=list(row_of),
        cycle__year__lt=cycle.year,
        outcome_cycle__isnull=True,
    ).select_related("indicator")
    changed = []
    for task in tasks:
        j = column_of.get(task.indicator.code)
        if j is None:
            continue
        value = run_input.values[row_of[task.community_id]][j]
        if value is None:
            continue
        task.outcome_cycle = cycle
        task.outcome_value = value
        task.outcome_change = None if task.baseline_value is None else value - task.baseline_value
        changed.append(task)
    RectificationTask.objects.bulk_update(
        changed, ["outcome_cycle", "outcome_value", "outcome_change"], batch_size=500
    )
    return len(changed)


def evaluation_run_reproduce(*, run: EvaluationRun) -> list[dict[str, Any]]:
    """Re-compute a stored run from its snapshot, writing nothing: the results as they
    would be stored, to compare with the stored ones."""
    run_input = engine.RunInput.from_json(run.snapshot)
    if engine.run_hash(run_input) != run.input_sha256:
        raise refuse("snapshot", _("The stored snapshot no longer matches its hash."))
    return [result_json(result) for result in engine.evaluate(run_input).results]
