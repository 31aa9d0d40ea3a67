"""Report batches: the reports of every community in a jurisdiction, in the background.

A batch is split into ``REPORT_BATCH_JOBS`` jobs (item ``i`` belongs to job ``i mod
jobs``), each queued under its own job lease (``common/jobs.py``), so that as many job
workers share it. A job works through the items of its part that have no PDF yet; each
item's PDF is stored and the item marked generated in one transaction, under the lease
(``lease.hold()``). A worker killed mid-batch therefore leaves every finished item finished
and the item it was drawing without a PDF; the sweeper queues the job again and the new
worker starts at the first item without a PDF: the batch resumes, and no report is
generated twice (``generations`` stays 1). The archive is the stored PDFs in one zip.
"""

from __future__ import annotations

import hashlib
import tempfile
import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from iecommons.authz.reports import batch_communities_q, can_see_batch, can_start_batch
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.jobs import Lease, job_enqueue
from iecommons.oversight.models import AnnualReport, ReportBatch, ReportBatchItem
from iecommons.oversight.reports.figures import report_figures
from iecommons.oversight.reports.render import LANGUAGES, report_pdf
from iecommons.registry.models import Community, Region


def batch_job_key(batch_id: int, chunk: int) -> str:
    return f"oversight.report_batch:{batch_id}:{chunk}"


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
            on_lost="iecommons.oversight.reports.batch.report_batch_lost",
            max_attempts=5,
        )


def _report_inputs(item: ReportBatchItem, year: int) -> tuple[dict[str, Any], dict[str, str], str]:
    """The figures, narrative and status a batch prints: an accepted or submitted report's
    frozen figures and narrative, or else fresh figures with the draft's narrative."""
    report = AnnualReport.objects.filter(community_id=item.community_id, year=year).first()
    if report is not None and report.status != AnnualReport.Status.DRAFT:
        return report.figures, report.narrative, report.status
    narrative = report.narrative if report is not None else {}
    return report_figures(item.community_id, year), narrative, AnnualReport.Status.DRAFT


def report_batch_item_generate(
    *, item: ReportBatchItem, batch: ReportBatch, lease: Lease | None
) -> bool:
    """Draw one item's PDF and store it; False if another job already did (nothing drawn twice)."""
    figures, narrative, status = _report_inputs(item, batch.year)
    pdf = report_pdf(figures, narrative, language=batch.language, status=status)
    digest = hashlib.sha256(pdf).hexdigest()[:12]
    with transaction.atomic():
        if lease is not None:
            lease.hold()
        locked = ReportBatchItem.objects.select_for_update().get(pk=item.pk)
        if locked.generated_at is not None:
            return False
        locked.pdf.save(
            f"{batch.pk}/{item.community_id}-{batch.year}-{digest}.pdf",
            ContentFile(pdf),
            save=False,
        )
        locked.generations += 1
        locked.generated_at = timezone.now()
        locked.save(update_fields=["pdf", "generations", "generated_at"])
    return True


def report_batch_chunk_run(*, batch_id: int, chunk: int, lease: Lease | None = None) -> int:
    """Generate every item of part ``chunk`` that has no PDF yet; return how many."""
    batch = ReportBatch.objects.get(pk=batch_id)
    pending = ReportBatchItem.objects.filter(
        batch_id=batch_id, chunk=chunk, generated_at__isnull=True
    ).order_by("pk")
    generated = 0
    for item in list(pending):
        if lease is not None:
            lease.check()
        generated += report_batch_item_generate(item=item, batch=batch, lease=lease)
    _finish_if_complete(batch_id)
    return generated


def _finish_if_complete(batch_id: int) -> None:
    with transaction.atomic():
        batch = ReportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ReportBatch.Status.RUNNING:
            return
        if ReportBatchItem.objects.filter(batch=batch, generated_at__isnull=True).exists():
            return
        batch.status = ReportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at"])


def report_batch_lost(batch_id: int, chunk: int, *, reason: str, retrying: bool) -> None:
    """Called by the sweeper: a job's worker stopped. Queued again, the job resumes; out of
    attempts, the batch fails with the reason (its finished items stay downloadable)."""
    if retrying:
        return
    ReportBatch.objects.filter(pk=batch_id, status=ReportBatch.Status.RUNNING).update(
        status=ReportBatch.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def batch_progress(batch: ReportBatch) -> dict[str, int]:
    counts = ReportBatchItem.objects.filter(batch=batch).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(generated_at__isnull=False))
    )
    total, done = int(counts["total"]), int(counts["done"])
    return {"total": total, "done": done, "percent": (100 * done // total) if total else 0}


def batch_archive(*, actor: Any, batch: ReportBatch) -> IO[bytes]:
    """The batch's stored PDFs in one zip (stored, not compressed: PDFs are compressed
    already), as a temporary file positioned at its start."""
    require(can_see_batch(actor, batch))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the response, which closes it
    items = (
        ReportBatchItem.objects.filter(batch=batch, generated_at__isnull=False)
        .select_related("community")
        .order_by("community__name")
    )
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for item in items.iterator(chunk_size=200):
            safe = "".join(ch for ch in item.community.name if ch not in '\\/:*?"<>|')
            with item.pdf.open("rb") as pdf:
                archive.writestr(f"{batch.year}-{item.community_id}-{safe}.pdf", pdf.read())
    handle.seek(0)
    return handle
