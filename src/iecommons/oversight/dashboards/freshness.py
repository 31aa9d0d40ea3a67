"""Keeping the dashboards current: a page shows the stored figures with the time they were
computed, and queues the background job once when the platform's data changed since."""

from __future__ import annotations

import contextlib
import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from iecommons.common.jobs import JobBusyError, job_enqueue
from iecommons.common.page_cache import data_version
from iecommons.oversight.dashboards.models import DashboardFigures
from iecommons.oversight.dashboards.services import jurisdiction_key, lease_key
from iecommons.registry.models import Region

#: Figures younger than this are not recomputed, however busy the platform is.
MINIMUM_AGE = datetime.timedelta(seconds=60)
#: A queued computation is not queued again for this long (the job's lock).
QUEUE_LOCK_SECONDS = 300


def stored_figures(region: Region | None) -> DashboardFigures | None:
    return DashboardFigures.objects.filter(key=jurisdiction_key(region)).first()


def is_behind(stored: DashboardFigures | None) -> bool:
    """No figures yet, or figures older than :data:`MINIMUM_AGE` computed before the latest
    audited write."""
    if stored is None:
        return True
    if timezone.now() - stored.computed_at < MINIMUM_AGE:
        return False
    return data_version() > stored.data_version


def dashboard_refresh_if_behind(region: Region | None, stored: DashboardFigures | None) -> bool:
    """Queue the computation of ``region``'s figures when they are behind; True if queued
    now or already queued."""
    if not is_behind(stored):
        return False
    key = jurisdiction_key(region)
    if not cache.add(f"dashboard:queued:{key}", True, QUEUE_LOCK_SECONDS):
        return True
    from iecommons.oversight.dashboards.tasks import compute_dashboard

    region_id = region.pk if region is not None else None

    def enqueue() -> None:
        with contextlib.suppress(JobBusyError):  # a worker is computing them right now
            job_enqueue(compute_dashboard, region_id, key=lease_key(region_id))

    transaction.on_commit(enqueue)
    return True
