"""Background jobs of oversight; they import their services inside the function."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def build_open_data(reason: str) -> int:
    """Build the next open-data release; return its version."""
    from iecommons.oversight.opendata.build import open_data_build

    return open_data_build(reason=reason).version


@task(takes_context=True)
def generate_report_batch(context: Any, batch_id: int, chunk: int) -> int:
    """Generate the reports of one part of a batch (see ``oversight/reports/batch.py``);
    queued again after a lost worker, it resumes at the first report without a PDF."""
    from iecommons.common.jobs import job_lease
    from iecommons.oversight.reports.batch_work import batch_job_key, report_batch_chunk_run

    with job_lease(
        context,
        batch_job_key(batch_id, chunk),
        args=[batch_id, chunk],
        on_lost="iecommons.oversight.reports.batch_work.report_batch_lost",
        max_attempts=5,
    ) as lease:
        return report_batch_chunk_run(batch_id=batch_id, chunk=chunk, lease=lease)
    return 0  # cancelled
