"""The background job of the dashboards; it takes an id and imports its service inside."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from iecommons.common.jobs import job_lease


@task(takes_context=True)
def compute_dashboard(context: Any, region_id: int | None) -> float:
    """Compute and store the figures of one jurisdiction (``None``: the nation); returns the
    seconds the computation took. A lost worker's job is queued again (its job lease)."""
    from iecommons.oversight.dashboards.services import dashboard_figures_compute, lease_key

    with job_lease(context, lease_key(region_id), args=[region_id]):
        return dashboard_figures_compute(region_id=region_id).seconds
    return 0.0  # cancelled


@task(takes_context=True)
def compute_all_dashboards(context: Any) -> int:
    """The nightly job: every jurisdiction's figures; returns how many were stored."""
    from iecommons.oversight.dashboards.services import dashboards_compute_all

    with job_lease(context, "oversight.dashboards:all"):
        return dashboards_compute_all()
    return 0  # cancelled
