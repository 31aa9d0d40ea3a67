"""What a community reads about its grade: the path to the next grade on its result page and
in its rectification tasks, and the public "check this grade" page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from iecommons.assessment.engine import reproduction  # noqa: F401  (the engine package loads)
from iecommons.assessment.models import EvaluationRun
from iecommons.assessment.services import rectification as rectification_services
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    cache.clear()
    return assessment_world(world)


@pytest.fixture
def run(world: World, assessed: AssessmentWorld) -> EvaluationRun:
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, method="wsm", enqueue=False
    )
    return run_execution.evaluation_run_execute(run_id=started.pk)


def _client(world: World, who: str | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    if who:
        client.force_login(getattr(world, who))
    return client


def _weakest(run: EvaluationRun):
    return run.results.order_by("-rank").select_related("community").first()


def test_the_result_page_shows_what_one_indicator_alone_would_need(world, run):
    result = _weakest(run)
    page = _client(world, "supervisor").get(
        f"/assessment/runs/{run.pk}/results/{result.community_id}/"
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "The path to" in text
    assert (
        "one indicator alone would do it: raise" in text
        or "one indicator alone would do it: lower" in text
        or "No single indicator" in text
    )
    assert "The cheapest combined path" in text
    assert f"/assessment/runs/{run.pk}/results/{result.community_id}/check/" in text


def test_the_check_page_gives_the_hash_the_command_and_the_steps_once_published(world, run):
    result = _weakest(run)
    url = f"/assessment/runs/{run.pk}/results/{result.community_id}/check/"
    assert _client(world, "stranger").get(url).status_code == 403
    assert _client(world, None).get(url).status_code == 403
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    page = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert run.input_sha256 in text
    assert "iecommons reproduce" in text
    assert f"/assessment/runs/{run.pk}/snapshot.json" in text
    assert "The steps of this community" in text


def test_a_generated_task_says_what_its_indicator_alone_would_need(world, run):
    with translation.override("en"):
        tasks = rectification_services.rectification_generate(actor=world.supervisor, run=run)
    assert tasks
    assert all(
        "To reach" in task.description or "cannot lift the community" in task.description
        for task in tasks
    )
