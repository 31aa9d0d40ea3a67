"""A report batch's archive: its stored PDFs in one zip, built once and kept with the batch.

The last job of a batch builds it when it stores the last report; a download streams the
stored file. It is built again only when it is stale: a report was stored after it (the
other jobs of a batch that failed go on working), or there is none yet (a batch that failed
before this existed, or whose last job died between the two steps). A running batch's zip of
the reports generated so far is drawn for that download only and not kept: it would be stale
at the next report.

The zip is written to a temporary file outside any transaction (a national batch is some
hundreds of megabytes); only swapping it in takes the batch's row lock, and the file it
replaces is deleted after the commit.
"""

from __future__ import annotations

import tempfile
import zipfile
from typing import IO

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from iecommons.common.collation import pinyin
from iecommons.oversight.models import ReportBatch, ReportBatchItem


def _write_zip(batch: ReportBatch, handle: IO[bytes]) -> None:
    """The generated PDFs of ``batch`` into ``handle`` (stored, not compressed: PDFs are
    compressed already), named by year, community id and name, in pinyin order of the names."""
    items = (
        ReportBatchItem.objects.filter(batch=batch, generated_at__isnull=False)
        .select_related("community")
        .only("pk", "pdf", "community_id", "community__name")
        .order_by(pinyin("community__name"), "community_id")
    )
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for item in items.iterator(chunk_size=200):
            safe = "".join(ch for ch in item.community.name if ch not in '\\/:*?"<>|')
            name = f"{batch.year}-{item.community_id}-{safe}.pdf"
            with item.pdf.open("rb") as pdf, archive.open(name, "w") as member:
                while chunk := pdf.read(1 << 20):
                    member.write(chunk)


def is_current(batch: ReportBatch) -> bool:
    """Whether the stored archive holds every report the batch has stored."""
    if not batch.archive or batch.archive_at is None:
        return False
    latest = ReportBatchItem.objects.filter(batch=batch).aggregate(latest=Max("generated_at"))
    return latest["latest"] is None or latest["latest"] <= batch.archive_at


def batch_archive_build(batch_id: int) -> ReportBatch:
    """Build the batch's archive and keep it with the batch, replacing a stale one; if a
    current one was stored meanwhile (two downloads at once), keep that and drop this."""
    batch = ReportBatch.objects.get(pk=batch_id)
    started = timezone.now()
    with tempfile.TemporaryFile() as handle:
        _write_zip(batch, handle)
        handle.seek(0)
        with transaction.atomic():
            locked = ReportBatch.objects.select_for_update().get(pk=batch_id)
            if is_current(locked):
                return locked
            replaced = locked.archive.name if locked.archive else ""
            storage = locked.archive.storage
            locked.archive.save(
                f"{locked.pk}/annual-reports-{locked.year}-batch-{locked.pk}.zip",
                File(handle),
                save=False,
            )
            # Reports stored after ``started`` may not be in it: dating it then makes it stale.
            locked.archive_at = started
            locked.save(update_fields=["archive", "archive_at"])
            if replaced and replaced != locked.archive.name:
                transaction.on_commit(lambda: storage.delete(replaced))
    return locked


def batch_archive_open(batch: ReportBatch) -> IO[bytes]:
    """The archive to send: the stored one of a finished batch (built first if missing or
    stale); for a running batch, a temporary zip of the reports generated so far."""
    if batch.status == ReportBatch.Status.RUNNING:
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the response, which closes it
        _write_zip(batch, handle)
        handle.seek(0)
        return handle
    if not is_current(batch):
        batch = batch_archive_build(batch.pk)
    return batch.archive.open("rb")
