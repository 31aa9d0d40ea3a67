"""Computing an evaluation run: the background job's write (results, outcome, execution
state), and re-computing a stored run to compare, writing nothing.

Called by :func:`iecommons.assessment.tasks.execute_evaluation_run`; it takes the run's id.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.assessment import engine
from iecommons.assessment.engine import reproduction
from iecommons.assessment.models import AssessmentCycle, EvaluationRun, RectificationTask, Result
from iecommons.common.services import refuse


def _progress(run_id: int, **changes: Any) -> None:
    # Outside the computing transaction, so that the run page sees it at once.
    EvaluationRun.objects.filter(pk=run_id).update(**changes)


def evaluation_run_execute(*, run_id: int) -> EvaluationRun:
    """Compute a queued run from its snapshot and store the results (the background job).

    Idempotent: a run that is already done is left as it is. Tasks raised by earlier
    cycles learn the value their indicator has now (did it move?).
    """
    run = EvaluationRun.objects.select_related("cycle").get(pk=run_id)
    if run.status == EvaluationRun.Status.DONE:
        return run
    _progress(run_id, status=EvaluationRun.Status.RUNNING, progress=10, started_at=timezone.now())
    try:
        run_input = engine.RunInput.from_json(run.snapshot)
        output = engine.evaluate(run_input)
        _progress(run_id, progress=70)
        with transaction.atomic():
            Result.objects.filter(run_id=run_id).delete()
            Result.objects.bulk_create(
                [_result_row(run_id, result) for result in output.results], batch_size=500
            )
            EvaluationRun.objects.filter(pk=run_id).update(
                status=EvaluationRun.Status.DONE,
                progress=100,
                finished_at=timezone.now(),
                outcome=outcome_json(output),
                error="",
            )
            record_task_outcomes(cycle=run.cycle, run_input=run_input)
    except Exception as error:  # the job records any failure on the run for the page
        _progress(run_id, status=EvaluationRun.Status.FAILED, progress=100, error=str(error)[:500])
        raise
    run.refresh_from_db()
    return run


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
