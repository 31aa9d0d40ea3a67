"""Computing and storing the figures of a jurisdiction's dashboard, and keeping them current.

The figures are a cache of records that are audited where they are written: storing them is
not audited itself (an audit entry would bump the data version that marks them behind, and
fill the trail with copies of figures). A page asks :func:`dashboard_refresh_if_behind`,
which queues the background job once when the platform's data changed since the figures
were computed; the page keeps showing the stored figures, with the time they were computed.
"""

from __future__ import annotations

import contextlib
import datetime
import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from iecommons.common.jobs import JobBusyError, job_enqueue
from iecommons.common.page_cache import data_version
from iecommons.oversight.dashboards.figures import figures_compute
from iecommons.oversight.dashboards.models import DashboardFigures
from iecommons.registry.models import Region

NATIONAL = "national"
#: Figures younger than this are not recomputed, however busy the platform is.
MINIMUM_AGE = datetime.timedelta(seconds=60)
#: A queued computation is not queued again for this long (the job's lock).
QUEUE_LOCK_SECONDS = 300


def jurisdiction_key(region: Region | None) -> str:
    return NATIONAL if region is None else region.code


def lease_key(region_id: int | None) -> str:
    """The job lease of one jurisdiction's computation (``common.jobs``)."""
    return f"oversight.dashboard:{NATIONAL if region_id is None else region_id}"


def dashboard_figures_compute(
    *, region_id: int | None, today: datetime.date | None = None
) -> DashboardFigures:
    """Compute the figures of the jurisdiction ``region_id`` (None: the nation) and store
    them in place of the previous ones."""
    region = Region.objects.get(pk=region_id) if region_id is not None else None
    version = data_version()  # read first: a write during the computation makes it behind
    started = time.perf_counter()
    supervisor, public = figures_compute(region, today=today)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        stored, _created = DashboardFigures.objects.update_or_create(
            key=jurisdiction_key(region),
            defaults={
                "region": region,
                "supervisor": supervisor,
                "public": public,
                "data_version": version,
                "computed_at": timezone.now(),
                "seconds": round(seconds, 3),
            },
        )
    return stored


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


def dashboards_compute_all(*, today: datetime.date | None = None) -> int:
    """Compute the nation's, every province's and every city's figures; the number stored."""
    ids: list[int | None] = [None]
    ids += list(Region.objects.order_by("level", "code").values_list("pk", flat=True))
    for region_id in ids:
        dashboard_figures_compute(region_id=region_id, today=today)
    return len(ids)
