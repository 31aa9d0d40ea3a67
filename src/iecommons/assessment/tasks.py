"""Background jobs of the assessment app. They take ids, never objects, and import the
services they run inside the function: services enqueue these jobs (after commit), so a
module-level import back would make an import cycle."""

from __future__ import annotations

from django_tasks import task


@task()
def compute_derived_for_cycle(cycle_id: int) -> int:
    """Compute the derived indicators of every community of the cycle; return how many."""
    from iecommons.assessment.services.derived import derived_values_compute

    return derived_values_compute(cycle_id=cycle_id)


@task()
def execute_evaluation_run(run_id: int) -> int:
    """Compute a queued evaluation run (see
    :func:`~iecommons.assessment.services.run_execution.evaluation_run_execute`)."""
    from iecommons.assessment.services.run_execution import evaluation_run_execute

    return int(evaluation_run_execute(run_id=run_id).pk)


@task()
def close_due_surveys() -> list[int]:
    """Close the surveys whose closing day has passed (run it daily: ``manage.py
    close_surveys``, or enqueue it); returns the ids closed."""
    from iecommons.assessment.services.surveys import surveys_close_due

    return surveys_close_due()
