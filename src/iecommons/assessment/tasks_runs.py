"""Background job of evaluation runs: it takes the run's id, never the object."""

from __future__ import annotations

from django_tasks import task


@task()
def execute_evaluation_run(run_id: int) -> int:
    """Compute a queued evaluation run (see :func:`runs.evaluation_run_execute`)."""
    from iecommons.assessment.runs import evaluation_run_execute

    return int(evaluation_run_execute(run_id=run_id).pk)
