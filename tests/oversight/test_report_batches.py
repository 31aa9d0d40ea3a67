"""Report batches: a supervisor generates the reports of its jurisdiction in the background;
a job whose worker died mid-batch is queued again by the sweeper and resumes, and no report
is generated twice; the archive holds one PDF per community, is built once and streamed to
every later download, and is built again only when a report was stored after it; outsiders
get nothing."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from iecommons.common.jobs import jobs_sweep
from iecommons.common.models import JobLease
from iecommons.oversight.models import ReportBatch, ReportBatchItem
from iecommons.oversight.reports.batch import report_batch_start
from iecommons.oversight.reports.batch_work import (
    batch_job_key,
    report_batch_chunk_run,
    report_batch_item_generate,
    report_batch_lost,
)
from tests.factories import CommunityFactory
from tests.fixtures import World


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_BATCH_JOBS = 2


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def worker_dies_after_two(batch: ReportBatch, chunk: int) -> list[int]:
    """What a worker that claimed job ``chunk``, stored two reports and was killed leaves
    behind: two items generated, its task row and lease still RUNNING, the heartbeat old."""
    done = []
    for item in ReportBatchItem.objects.filter(batch=batch, chunk=chunk).order_by("pk")[:2]:
        assert report_batch_item_generate(item=item, batch=batch, lease=None)
        done.append(item.pk)
    lease = JobLease.objects.get(key=batch_job_key(batch.pk, chunk))
    now = timezone.now()
    DBTaskResult.objects.filter(pk=lease.task_result_id).update(
        status="RUNNING", started_at=now - datetime.timedelta(seconds=120)
    )
    JobLease.objects.filter(pk=lease.pk).update(
        state=JobLease.State.RUNNING,
        holder="dead-worker",
        attempts=1,
        heartbeat_at=now - datetime.timedelta(seconds=61),
    )
    return done


# The worker closes its connections between jobs: the test's data must be committed.
@pytest.mark.django_db(transaction=True)
def test_a_batch_resumes_after_its_worker_died_and_generates_no_report_twice(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    for _ in range(4):
        CommunityFactory(field=world.community_a.field)
    with django_capture_on_commit_callbacks(execute=True):
        batch = report_batch_start(actor=world.supervisor, year=2025, region=None)
    total = ReportBatchItem.objects.filter(batch=batch).count()
    assert total == 6
    assert batch.chunks == 2

    survivors = worker_dies_after_two(batch, chunk=0)
    first_times = dict(
        ReportBatchItem.objects.filter(pk__in=survivors).values_list("pk", "generated_at")
    )
    assert jobs_sweep() == [batch_job_key(batch.pk, 0)]  # queued again
    assert JobLease.objects.get(key=batch_job_key(batch.pk, 0)).state == JobLease.State.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    batch.refresh_from_db()
    assert batch.status == ReportBatch.Status.DONE
    items = list(ReportBatchItem.objects.filter(batch=batch))
    assert all(item.generated_at is not None for item in items)
    assert [item.generations for item in items] == [1] * total  # none generated twice
    assert (
        dict(ReportBatchItem.objects.filter(pk__in=survivors).values_list("pk", "generated_at"))
        == first_times
    )  # the two from before the death were kept, not drawn again

    response = signed_in(world.supervisor).get(reverse("reports:batch_download", args=[batch.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert len(names) == total
    assert any("甲共同体" in name for name in names)
    assert archive.read(names[0])[:5] == b"%PDF-"


def test_a_provincial_supervisor_batches_its_province_only_and_outsiders_get_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    jiangsu = signed_in(world.provincial_supervisor)
    province = world.community_a.province
    with django_capture_on_commit_callbacks(execute=False):
        response = jiangsu.post(
            reverse("reports:batch_start"),
            {"year": 2025, "region": str(province.pk), "language": "zh-hans"},
        )
    assert response.status_code == 302
    batch = ReportBatch.objects.get()
    communities = set(
        ReportBatchItem.objects.filter(batch=batch).values_list("community_id", flat=True)
    )
    assert world.community_a.pk in communities
    assert world.community_b.pk not in communities

    detail = reverse("reports:batch_detail", args=[batch.pk])
    archive = reverse("reports:batch_download", args=[batch.pk])
    assert jiangsu.get(detail).status_code == 200
    assert signed_in(world.supervisor).get(detail).status_code == 200
    for outsider in (world.guangdong_supervisor, world.secretary, world.stranger):
        client = signed_in(outsider)
        assert client.get(detail).status_code == 404, outsider.username
        assert client.get(archive).status_code == 404, outsider.username
    assert signed_in(world.secretary).get(reverse("reports:batch_start")).status_code == 404
    assert Client().get(detail).status_code == 302  # to the sign-in page
    # A provincial supervisor cannot start a national batch.
    refused = jiangsu.post(
        reverse("reports:batch_start"), {"year": 2025, "region": "", "language": "zh-hans"}
    )
    assert refused.status_code == 422
    assert ReportBatch.objects.count() == 1


def _download(client: Client, batch: ReportBatch) -> zipfile.ZipFile:
    response = client.get(reverse("reports:batch_download", args=[batch.pk]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _started(world: World, captured: Any, extra: int) -> ReportBatch:
    for _ in range(extra):
        CommunityFactory(field=world.community_a.field)
    with captured(execute=False):  # no job queued: the test does the jobs' work itself
        return report_batch_start(actor=world.supervisor, year=2025, region=None)


def test_the_archive_is_built_once_holds_every_report_and_later_downloads_stream_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _started(world, django_capture_on_commit_callbacks, extra=2)
    for chunk in range(batch.chunks):
        report_batch_chunk_run(batch_id=batch.pk, chunk=chunk)
    batch.refresh_from_db()
    assert batch.status == ReportBatch.Status.DONE
    assert batch.archive  # built by the job that stored the last report
    stored = Path(batch.archive.path)
    built = stored.stat()

    client = signed_in(world.supervisor)
    first, second = _download(client, batch), _download(client, batch)

    again = stored.stat()
    assert (again.st_ino, again.st_mtime_ns) == (built.st_ino, built.st_mtime_ns)  # not rebuilt
    batch.refresh_from_db()
    assert Path(batch.archive.path) == stored
    items = ReportBatchItem.objects.filter(batch=batch).select_related("community")
    assert len(first.namelist()) == items.count() == 4
    for item in items:
        name = f"2025-{item.community_id}-{item.community.name}.pdf"
        with item.pdf.open("rb") as pdf:
            assert first.read(name) == second.read(name) == pdf.read()


def test_a_report_stored_after_the_archive_replaces_it_at_the_next_download(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    batch = _started(world, django_capture_on_commit_callbacks, extra=2)
    report_batch_chunk_run(batch_id=batch.pk, chunk=0)
    # Job 1 ran out of attempts: the batch failed, its finished reports stay downloadable.
    report_batch_lost(batch.pk, 1, reason="the worker stopped", retrying=False)
    client = signed_in(world.supervisor)
    assert len(_download(client, batch).namelist()) == 2
    batch.refresh_from_db()
    old = Path(batch.archive.path)

    report_batch_chunk_run(batch_id=batch.pk, chunk=1)  # a copy of job 1 was still working
    with django_capture_on_commit_callbacks(execute=True):
        assert len(_download(client, batch).namelist()) == 4
    batch.refresh_from_db()
    assert batch.status == ReportBatch.Status.FAILED
    assert Path(batch.archive.path) != old
    assert not old.exists()  # the stale archive was deleted, not left beside the new one
