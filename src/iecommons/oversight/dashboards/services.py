"""Computing and storing the figures of a jurisdiction's dashboard.

The figures are a cache of records that are audited where they are written: storing them is
not audited itself (an audit entry would bump the data version that marks them behind, and
fill the trail with copies of figures). ``freshness.py`` queues the job that calls
:func:`dashboard_figures_compute` when they are behind.
"""

from __future__ import annotations

import datetime
import time

from django.db import transaction
from django.utils import timezone

from iecommons.common.page_cache import data_version
from iecommons.oversight.dashboards.figures import figures_compute
from iecommons.oversight.dashboards.models import DashboardFigures
from iecommons.registry.models import Region

NATIONAL = "national"


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


def dashboards_compute_all(*, today: datetime.date | None = None) -> int:
    """Compute the nation's, every province's and every city's figures; the number stored."""
    ids: list[int | None] = [None]
    ids += list(Region.objects.order_by("level", "code").values_list("pk", flat=True))
    for region_id in ids:
        dashboard_figures_compute(region_id=region_id, today=today)
    return len(ids)
