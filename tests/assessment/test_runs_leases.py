"""Jobs that survive their worker, in-process: the sweeper releases a silent run (queued
again once, then failed), and a supervisor cancels a queued or running run, which then stores
nothing. The real SIGKILL is in test_runs_worker_killed.py."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from iecommons.assessment.models import EvaluationRun, Result
from iecommons.assessment.selectors.runs import run_job_key
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.common.jobs import job_cancel, jobs_sweep
from iecommons.common.models import AuditEntry, JobLease
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


def start(world: World, assessed: AssessmentWorld, capture: Any) -> EvaluationRun:
    with capture(execute=True):
        return run_services.evaluation_run_start(actor=world.supervisor, cycle=assessed.cycle)


def worker_dies(run: EvaluationRun, *, attempts: int, silent_for: int = 61) -> JobLease:
    """What a worker that claimed the run, worked on it, then was killed leaves behind."""
    lease = JobLease.objects.get(key=run_job_key(run.pk))
    now = timezone.now()
    DBTaskResult.objects.filter(pk=lease.task_result_id).update(
        status="RUNNING", started_at=now - datetime.timedelta(seconds=120)
    )
    JobLease.objects.filter(pk=lease.pk).update(
        state=JobLease.State.RUNNING,
        holder="dead-worker",
        attempts=attempts,
        heartbeat_at=now - datetime.timedelta(seconds=silent_for),
    )
    EvaluationRun.objects.filter(pk=run.pk).update(status="running", progress=10)
    return lease


def test_a_run_whose_worker_went_silent_is_queued_again_once_then_failed(
    world: World, assessed: AssessmentWorld, django_capture_on_commit_callbacks: Any
) -> None:
    run = start(world, assessed, django_capture_on_commit_callbacks)
    first = worker_dies(run, attempts=1)

    assert jobs_sweep() == [run_job_key(run.pk)]
    run.refresh_from_db()
    assert (run.status, run.interruptions, run.progress) == ("queued", 1, 0)
    assert DBTaskResult.objects.get(pk=first.task_result_id).status == "FAILED"
    again = JobLease.objects.get(pk=first.pk)
    assert again.state == JobLease.State.QUEUED
    retried = DBTaskResult.objects.get(pk=again.task_result_id)
    assert (retried.status, retried.args_kwargs["args"]) == ("READY", [run.pk])

    worker_dies(run, attempts=2)
    assert jobs_sweep() == [run_job_key(run.pk)]
    run.refresh_from_db()
    assert (run.status, run.interruptions) == ("failed", 2)
    assert "worker" in run.error
    assert JobLease.objects.get(pk=first.pk).state == JobLease.State.LOST
    assert not Result.objects.filter(run=run).exists()
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()


def test_a_worker_that_still_beats_is_left_alone(
    world: World, assessed: AssessmentWorld, django_capture_on_commit_callbacks: Any
) -> None:
    run = start(world, assessed, django_capture_on_commit_callbacks)
    worker_dies(run, attempts=1, silent_for=20)
    assert jobs_sweep() == []
    run.refresh_from_db()
    assert run.status == "running"


def test_a_worker_killed_before_it_took_the_lease_is_noticed_too(
    world: World, assessed: AssessmentWorld, django_capture_on_commit_callbacks: Any
) -> None:
    run = start(world, assessed, django_capture_on_commit_callbacks)
    lease = JobLease.objects.get(key=run_job_key(run.pk))
    DBTaskResult.objects.filter(pk=lease.task_result_id).update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(seconds=90)
    )
    assert jobs_sweep() == [run_job_key(run.pk)]
    run.refresh_from_db()
    assert (run.status, run.interruptions) == ("queued", 1)


def test_the_run_page_releases_a_lost_run_when_it_is_opened(
    client: Any,
    world: World,
    assessed: AssessmentWorld,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("iecommons.common.jobs._last_sweep", 0.0)
    run = start(world, assessed, django_capture_on_commit_callbacks)
    worker_dies(run, attempts=2)
    client.force_login(world.supervisor)
    page = client.get(reverse("assessment:run_progress", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "stopped before the end" in html
    assert "hx-get" not in html  # failed: the page stops polling


@pytest.mark.django_db(transaction=True)
def test_a_cancelled_queued_run_never_computes(world: World) -> None:
    assessed = assessment_world(world)
    run = run_services.evaluation_run_start(actor=world.supervisor, cycle=assessed.cycle)
    run_services.evaluation_run_cancel(actor=world.supervisor, run=run)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert (run.status, run.cancelled_by) == ("cancelled", world.supervisor)
    assert not Result.objects.filter(run=run).exists()
    assert AuditEntry.objects.filter(operation="evaluation_run_cancel").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_running_run_stops_at_its_next_step_when_cancelled(world: World) -> None:
    assessed = assessment_world(world)
    run = run_services.evaluation_run_start(actor=world.supervisor, cycle=assessed.cycle)
    # Asked while the worker has it: the worker finds out at its first step.
    assert job_cancel(key=run_job_key(run.pk))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert run.status == "cancelled"
    assert not Result.objects.filter(run=run).exists()
    assert JobLease.objects.get(key=run_job_key(run.pk)).state == JobLease.State.CANCELLED
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()


@pytest.mark.django_db(transaction=True)
def test_derived_values_and_escalations_run_under_a_lease(world: World) -> None:
    from iecommons.assessment.tasks import compute_derived_for_cycle
    from iecommons.collaboration.tasks import escalate_overdue_bookings

    assessed = assessment_world(world)
    compute_derived_for_cycle.enqueue(assessed.cycle.pk)
    escalate_overdue_bookings.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    states = dict(JobLease.objects.values_list("key", "state"))
    assert states == {
        f"assessment.derived:{assessed.cycle.pk}": "done",
        "collaboration.escalations": "done",
    }


def test_supervisors_cancel_through_the_api_and_others_cannot(
    client: Any, world: World, assessed: AssessmentWorld
) -> None:
    run = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    url = f"/api/assessment/runs/{run.pk}/cancel"
    for person in (world.outsider, world.secretary, world.representative):
        client.force_login(person)
        assert client.post(url).status_code in (403, 404)
    assert EvaluationRun.objects.get(pk=run.pk).status == "queued"
    client.logout()
    assert client.post(url).status_code == 401

    client.force_login(world.supervisor)
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    again = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 422
    assert "Only a queued or running run can be cancelled." in again.json()["detail"]


def test_the_run_page_offers_cancel_while_queued_and_stops_polling_once_cancelled(
    client: Any, world: World, assessed: AssessmentWorld
) -> None:
    run = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    client.force_login(world.supervisor)
    queued = client.get(reverse("assessment:run_detail", args=[run.pk])).content.decode()
    assert reverse("assessment:run_cancel", args=[run.pk]) in queued
    assert "hx-get" in queued

    response = client.post(reverse("assessment:run_cancel", args=[run.pk]))
    assert response.status_code == 302
    page = client.get(
        reverse("assessment:run_progress", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Cancelled by supervisor" in page
    assert "hx-get" not in page
    assert reverse("assessment:run_cancel", args=[run.pk]) not in page

    client.force_login(world.outsider)
    assert client.post(reverse("assessment:run_cancel", args=[run.pk])).status_code in (403, 404)


def test_a_finished_run_has_no_cancel_button(
    client: Any, world: World, assessed: AssessmentWorld
) -> None:
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    client.force_login(world.supervisor)
    page = client.get(reverse("assessment:run_detail", args=[run.pk])).content.decode()
    assert reverse("assessment:run_cancel", args=[run.pk]) not in page
