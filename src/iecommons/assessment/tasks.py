"""Background jobs of the assessment app. They take ids, never objects, and import the
services they run inside the function: services enqueue these jobs (after commit), so a
module-level import back would make an import cycle.

Each runs under a job lease (``common.jobs``): a worker that dies mid-job is noticed within
two minutes, and the job is queued again once or its subject told it failed.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from iecommons.common.jobs import job_lease


@task(takes_context=True)
def compute_derived_for_cycle(context: Any, cycle_id: int) -> int:
    """Compute the derived indicators of every community of the cycle; return how many.

    Computing them again is harmless (each value is replaced), so a lost worker's job is
    simply queued again.
    """
    from iecommons.assessment.services.derived import derived_values_compute

    with job_lease(context, f"assessment.derived:{cycle_id}", args=[cycle_id]):
        return derived_values_compute(cycle_id=cycle_id)
    return 0  # cancelled


@task(takes_context=True)
def execute_evaluation_run(context: Any, run_id: int) -> int:
    """Compute a queued evaluation run (see
    :func:`~iecommons.assessment.services.run_execution.evaluation_run_execute`)."""
    from iecommons.assessment.selectors.runs import run_job_key
    from iecommons.assessment.services.run_execution import evaluation_run_execute

    with job_lease(context, run_job_key(run_id), args=[run_id]) as lease:
        evaluation_run_execute(run_id=run_id, lease=lease)
    return run_id


@task()
def close_due_surveys() -> list[int]:
    """Close the surveys whose closing day has passed (run it daily: ``manage.py
    close_surveys``, or enqueue it); returns the ids closed."""
    from iecommons.assessment.services.surveys import surveys_close_due

    return surveys_close_due()
