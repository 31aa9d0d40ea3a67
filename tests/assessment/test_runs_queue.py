"""A run goes through the real queue: enqueued after commit, computed by ``db_worker``."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from iecommons.assessment.models import EvaluationRun, Result
from iecommons.assessment.services import runs as run_services
from tests.assessment.runs_world import assessment_world
from tests.fixtures import World


@pytest.mark.django_db(transaction=True)
def test_a_started_run_is_computed_by_the_database_worker(world: World) -> None:
    assessed = assessment_world(world)
    run = run_services.evaluation_run_start(actor=world.supervisor, cycle=assessed.cycle)
    assert EvaluationRun.objects.get(pk=run.pk).status == EvaluationRun.Status.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    run.refresh_from_db()
    assert run.status == EvaluationRun.Status.DONE
    assert run.progress == 100
    assert run.started_at is not None
    assert run.finished_at is not None
    assert Result.objects.filter(run=run).count() == len(assessed.communities)
