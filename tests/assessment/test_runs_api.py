"""The JSON API of runs and results, and its authorization matrix."""

from __future__ import annotations

import pytest
from django.test import Client

from iecommons.assessment.models import EvaluationRun, IndicatorValue
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World

PEOPLE = [
    "operator",
    "supervisor",
    "provincial_supervisor",
    "secretary",
    "outsider",
    "representative",
    "expert",
    "stranger",
    None,
]
SUPERVISORS = {"operator", "supervisor"}


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


@pytest.fixture
def run(world: World, assessed: AssessmentWorld) -> EvaluationRun:
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    return run_execution.evaluation_run_execute(run_id=started.pk)


def client_for(world: World, who: str | None) -> Client:
    client = Client()
    if who is not None:
        client.force_login(getattr(world, who))
    return client


def denied(who: str | None) -> int:
    return 401 if who is None else 403


@pytest.mark.parametrize("who", PEOPLE)
def test_supervisor_endpoints_matrix(world: World, run: EvaluationRun, who: str | None) -> None:
    client = client_for(world, who)
    reads = [
        f"/api/assessment/cycles/{run.cycle_id}/runs",
        f"/api/assessment/runs/{run.pk}",
        f"/api/assessment/runs/{run.pk}/results",
    ]
    for url in reads:
        status = client.get(url).status_code
        assert status == (200 if who in SUPERVISORS else denied(who)), url
    start = client.post(
        f"/api/assessment/cycles/{run.cycle_id}/runs", {}, content_type="application/json"
    )
    assert start.status_code == (202 if who in SUPERVISORS else denied(who))
    publish = client.post(f"/api/assessment/runs/{run.pk}/publish")
    assert publish.status_code == (200 if who in SUPERVISORS else denied(who))
    if who in SUPERVISORS:  # once only
        assert client.post(f"/api/assessment/runs/{run.pk}/publish").status_code == 422


@pytest.mark.parametrize("who", PEOPLE)
def test_result_detail_matrix_before_and_after_publication(
    world: World, run: EvaluationRun, who: str | None
) -> None:
    client = client_for(world, who)
    url = f"/api/assessment/runs/{run.pk}/results/{world.community_a.pk}"
    allowed = {"operator", "supervisor", "provincial_supervisor", "secretary"}
    assert client.get(url).status_code == (200 if who in allowed else 403)
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["rank"] == 1


@pytest.mark.parametrize("who", PEOPLE)
def test_published_grades_are_open_data(world: World, run: EvaluationRun, who: str | None) -> None:
    client = client_for(world, who)
    assert client.get("/api/assessment/grades").json()["count"] == 0
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    body = client.get("/api/assessment/grades", {"grade": "excellent"}).json()
    assert body["count"] == 1
    assert body["results"][0]["community_id"] == world.community_a.pk


def test_starting_with_missing_data_answers_422_naming_the_pairs(
    world: World, assessed: AssessmentWorld
) -> None:
    IndicatorValue.objects.filter(community=world.community_b, indicator__code="T2").delete()
    client = client_for(world, "supervisor")
    url = f"/api/assessment/cycles/{assessed.cycle.pk}/runs"
    refused = client.post(url, {"imputation": "none"}, content_type="application/json")
    assert refused.status_code == 422
    assert "乙共同体 — T2" in refused.json()["errors"]["imputation"][0]
    accepted = client.post(url, {"imputation": "zero"}, content_type="application/json")
    assert accepted.status_code == 202
    assert accepted.json()["imputation"] == "zero"
    assert accepted.json()["status"] == "queued"


def test_the_results_list_pages_and_filters(world: World, run: EvaluationRun) -> None:
    client = client_for(world, "supervisor")
    body = client.get(f"/api/assessment/runs/{run.pk}/results", {"page_size": 2}).json()
    assert body["count"] == 6
    assert [row["rank"] for row in body["results"]] == [1, 2]
    failing = client.get(f"/api/assessment/runs/{run.pk}/results", {"grade": "fail"}).json()
    assert [row["community_id"] for row in failing["results"]] == [world.community_b.pk]
