"""The work of a report batch's job (see ``batch.py``): each item's PDF drawn and stored
under the job's lease, the batch marked done when no item is left (and its archive built),
a lost job's batch failed once it has no attempt left. The job imports this module;
``batch.py`` queues the jobs."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from iecommons.common.jobs import Lease
from iecommons.oversight.models import AnnualReport, ReportBatch, ReportBatchItem
from iecommons.oversight.reports.archive import batch_archive_build
from iecommons.oversight.reports.figures import report_figures
from iecommons.oversight.reports.render import report_pdf

logger = logging.getLogger(__name__)


def batch_job_key(batch_id: int, chunk: int) -> str:
    return f"oversight.report_batch:{batch_id}:{chunk}"


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
    if _finish_if_complete(batch_id):
        # The job that stored the last report builds the archive once; downloads stream it.
        # The reports are stored whatever happens here: a failure leaves the archive to the
        # first download, which builds a missing one.
        try:
            batch_archive_build(batch_id)
        except Exception:
            logger.exception("the archive of report batch %s was not built", batch_id)
    return generated


def _finish_if_complete(batch_id: int) -> bool:
    """Mark the batch done if no report is left; True for the one call that did."""
    with transaction.atomic():
        batch = ReportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ReportBatch.Status.RUNNING:
            return False
        if ReportBatchItem.objects.filter(batch=batch, generated_at__isnull=True).exists():
            return False
        batch.status = ReportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at"])
    return True


def report_batch_lost(batch_id: int, chunk: int, *, reason: str, retrying: bool) -> None:
    """Called by the sweeper: a job's worker stopped. Queued again, the job resumes; out of
    attempts, the batch fails with the reason (its finished items stay downloadable)."""
    if retrying:
        return
    ReportBatch.objects.filter(pk=batch_id, status=ReportBatch.Status.RUNNING).update(
        status=ReportBatch.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
