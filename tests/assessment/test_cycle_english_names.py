"""A cycle's English name travels with its grades: in the run's snapshot (which still
verifies, its recorded input hash unchanged) and in the open data's grades."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from iecommons.assessment.engine import reproduction
from iecommons.assessment.models import EvaluationRun
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.oversight.opendata import resources
from tests.assessment.runs_world import assessment_world
from tests.fixtures import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world: World) -> EvaluationRun:
    assessed = assessment_world(world)
    assessed.cycle.name_en = "Assessment 2024"
    assessed.cycle.save(update_fields=["name_en"])
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    return run


def test_the_snapshot_names_the_cycle_in_both_languages_and_still_verifies(
    published: EvaluationRun,
) -> None:
    response = Client().get(f"/api/assessment/runs/{published.pk}/snapshot")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["run"]["cycle"]["name"] == "2024年度评价"
    assert document["run"]["cycle"]["name_en"] == "Assessment 2024"
    assert document["input_sha256"] == published.input_sha256
    reproduction.verify(document)  # raises on any mismatch


def test_the_open_data_grades_carry_the_cycle_s_english_name(published: EvaluationRun) -> None:
    rows = list(resources.GRADES.rows())
    assert rows
    assert {row["cycle"] for row in rows} == {"2024年度评价"}
    assert {row["cycle_en"] for row in rows} == {"Assessment 2024"}
    assert "cycle_en" in {column.name for column in resources.GRADES.columns}
