"""Report batches: the reports of every community in a jurisdiction, in the background.

A batch is split into ``REPORT_BATCH_JOBS`` jobs (item ``i`` belongs to job ``i mod
jobs``), each queued under its own job lease (``common/jobs.py``), so that as many job
workers share it. A job works through the items of its part that have no PDF yet; each
item's PDF is stored and the item marked generated in one transaction, under the lease
(``lease.hold()``). A worker killed mid-batch therefore leaves every finished item finished
and the item it was drawing without a PDF; the sweeper queues the job again and the new
worker starts at the first item without a PDF: the batch resumes, and no report is
generated twice (``generations`` stays 1). The archive, the stored PDFs in one zip, is built
once when the last report is stored and kept with the batch (``archive.py``).
"""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from iecommons.authz.reports import batch_communities_q, can_see_batch, can_start_batch
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.jobs import job_enqueue
from iecommons.oversight.models import ReportBatch, ReportBatchItem
from iecommons.oversight.reports.archive import batch_archive_open
from iecommons.oversight.reports.batch_work import batch_job_key
from iecommons.oversight.reports.render import LANGUAGES
from iecommons.registry.models import Community, Region


def report_batch_start(
    *, actor: Any, year: int, region: Region | None, language: str = "zh-hans"
) -> ReportBatch:
    """Queue the reports of every community of ``region`` (None: the country) for ``year``."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    require(can_start_batch(actor, region))
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Chinese or English is expected.")})
    latest = timezone.localdate().year
    if not 2000 <= year <= latest:
        raise ValidationError(
            {
                "year": _("A year from %(first)d to %(last)d is expected.")
                % {"first": 2000, "last": latest}
            }
        )
    jobs = int(settings.REPORT_BATCH_JOBS)
    with transaction.atomic():
        community_ids = list(
            Community.objects.filter(batch_communities_q(region))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not community_ids:
            raise ValidationError({"region": _("There is no community in this jurisdiction.")})
        jobs = max(1, min(jobs, len(community_ids)))
        batch = ReportBatch.objects.create(
            year=year, language=language, region=region, chunks=jobs, created_by=actor
        )
        ReportBatchItem.objects.bulk_create(
            [
                ReportBatchItem(batch=batch, community_id=pk, chunk=index % jobs)
                for index, pk in enumerate(community_ids)
            ],
            batch_size=500,
        )
        audit.record(actor=actor, instance=batch, operation="report_batch.start")
        batch_id = batch.pk
        transaction.on_commit(lambda: _enqueue(batch_id, jobs))
    return batch


def _enqueue(batch_id: int, jobs: int) -> None:
    from iecommons.oversight import tasks

    for chunk in range(jobs):
        job_enqueue(
            tasks.generate_report_batch,
            batch_id,
            chunk,
            key=batch_job_key(batch_id, chunk),
            on_lost="iecommons.oversight.reports.batch_work.report_batch_lost",
            max_attempts=5,
        )


def batch_progress(batch: ReportBatch) -> dict[str, int]:
    counts = ReportBatchItem.objects.filter(batch=batch).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(generated_at__isnull=False))
    )
    total, done = int(counts["total"]), int(counts["done"])
    return {"total": total, "done": done, "percent": (100 * done // total) if total else 0}


def batch_archive(*, actor: Any, batch: ReportBatch) -> IO[bytes]:
    """The batch's archive, opened for reading (see ``archive.py``): the stored zip, or for
    a running batch the reports generated so far."""
    require(can_see_batch(actor, batch))
    return batch_archive_open(batch)
