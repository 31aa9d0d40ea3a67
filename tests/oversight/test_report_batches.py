"""Report batches: a supervisor generates the reports of its jurisdiction in the background;
a job whose worker died mid-batch is queued again by the sweeper and resumes, and no report
is generated twice; the archive holds one PDF per community; outsiders get nothing."""

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
from iecommons.oversight.reports.batch_work import batch_job_key, report_batch_item_generate
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
