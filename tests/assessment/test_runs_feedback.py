"""Publication on the public registry, rectification from the weakest indicators, and the
next cycle showing whether the indicator moved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from iecommons.assessment.models import EvaluationRun, RectificationTask
from iecommons.assessment.selectors import rectification, results
from iecommons.assessment.services import rectification as rectification_services
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.authz import assessment as rules
from iecommons.common.models import Notification
from tests.assessment.runs_world import (
    AssessmentWorld,
    assessment_world,
    fill_values,
    make_cycle,
)
from tests.fixtures import World


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


def run_of(world: World, cycle: object) -> EvaluationRun:
    run = run_services.evaluation_run_start(actor=world.supervisor, cycle=cycle, enqueue=False)  # type: ignore[arg-type]
    return run_execution.evaluation_run_execute(run_id=run.pk)


def test_the_registry_page_shows_the_grade_only_after_publication(
    world: World, assessed: AssessmentWorld
) -> None:
    run = run_of(world, assessed.cycle)
    url = reverse("registry:community_detail", args=[world.community_a.pk])
    assert "published-grade-heading" not in Client().get(url).content.decode()
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    page = Client().get(url).content.decode()
    assert "published-grade-heading" in page
    assert "grade--excellent" in page


def test_tasks_come_from_the_weakest_indicators_against_the_peers(
    world: World, assessed: AssessmentWorld
) -> None:
    run = run_of(world, assessed.cycle)
    tasks = rectification_services.rectification_generate(
        actor=world.supervisor, run=run, top=2, communities=[world.community_b]
    )
    assert len(tasks) == 2
    weakest = results.community_result(run, world.community_b).weakest_indicators
    assert [task.indicator.code for task in tasks] == [w["code"] for w in weakest[:2]]
    first = tasks[0]
    assert first.baseline_value == weakest[0]["value"]
    assert first.peer_median == weakest[0]["peer_median"]
    assert first.assignee == world.outsider  # the secretariat of community B
    assert first.deadline > datetime.date.today()
    assert Notification.objects.filter(recipient=world.outsider).exists()
    # generating again makes no duplicates
    again = rectification_services.rectification_generate(
        actor=world.supervisor, run=run, top=2, communities=[world.community_b]
    )
    assert again == []


def test_the_best_community_gets_no_task(world: World, assessed: AssessmentWorld) -> None:
    run = run_of(world, assessed.cycle)
    assert (
        rectification_services.rectification_generate(
            actor=world.supervisor, run=run, communities=[world.community_a]
        )
        == []
    )


@pytest.mark.parametrize("who", ["secretary", "outsider", "stranger", "expert"])
def test_only_supervisors_generate_tasks(world: World, assessed: AssessmentWorld, who: str) -> None:
    run = run_of(world, assessed.cycle)
    with pytest.raises(PermissionDenied):
        rectification_services.rectification_generate(actor=getattr(world, who), run=run)


def test_a_past_deadline_is_refused(world: World, assessed: AssessmentWorld) -> None:
    run = run_of(world, assessed.cycle)
    with pytest.raises(ValidationError) as raised:
        rectification_services.rectification_generate(
            actor=world.supervisor, run=run, deadline=datetime.date(2020, 1, 1)
        )
    assert "deadline" in raised.value.message_dict


def test_an_open_task_past_its_deadline_is_overdue(world: World, assessed: AssessmentWorld) -> None:
    run = run_of(world, assessed.cycle)
    task = rectification_services.rectification_generate(
        actor=world.supervisor, run=run, communities=[world.community_b]
    )[0]
    RectificationTask.objects.filter(pk=task.pk).update(deadline=datetime.date(2020, 1, 1))
    task.refresh_from_db()
    assert rectification.is_overdue(task)
    visible = rectification.task_filter(
        rules.visible_tasks(world.outsider, rectification.task_rows()), status="overdue"
    )
    assert list(visible) == [task]
    page = Client()
    page.force_login(world.outsider)
    assert "badge--overdue" in page.get(reverse("assessment:rectification_list")).content.decode()


def test_the_next_cycle_shows_whether_the_indicator_moved(
    world: World, assessed: AssessmentWorld
) -> None:
    run = run_of(world, assessed.cycle)
    task = rectification_services.rectification_generate(
        actor=world.supervisor, run=run, communities=[world.community_b]
    )[0]
    assert rectification.task_movement(task) is None
    later = make_cycle(assessed.framework, assessed.communities, year=2025)
    fill_values(later, assessed.communities, assessed.indicators, shift=2.0)
    run_of(world, later)  # the run of the next cycle records the outcome on the task
    task.refresh_from_db()
    assert task.outcome_cycle == later
    assert task.outcome_change == pytest.approx(2.0)
    movement = rectification.task_movement(task)
    assert movement is not None
    assert movement.after == pytest.approx(task.baseline_value + 2.0)
    cost = task.indicator.direction == "lower"
    assert movement.improved is not cost
    client = Client()
    client.force_login(world.outsider)
    page = client.get(reverse("assessment:rectification_detail", args=[task.pk])).content.decode()
    assert "→" in page


def test_the_trend_lists_each_cycle_once_oldest_first(
    world: World, assessed: AssessmentWorld
) -> None:
    later = make_cycle(assessed.framework, assessed.communities, year=2025)
    fill_values(later, assessed.communities, assessed.indicators)
    first = run_of(world, assessed.cycle)
    run_of(world, assessed.cycle)  # a second run of 2024: the later one counts
    second = run_of(world, later)
    points = results.trend_points(world.secretary, world.community_a)
    assert [p["period"] for p in points] == ["2024", "2025"]
    # the public sees only published cycles
    assert results.trend_points(world.stranger, world.community_a) == []
    run_services.evaluation_run_publish(actor=world.supervisor, run=second)
    assert [p["period"] for p in results.trend_points(world.stranger, world.community_a)] == [
        "2025"
    ]
    assert first.pk != second.pk


def test_the_secretariat_finds_its_unpublished_result_from_the_registry_page(
    world: World, assessed: AssessmentWorld
) -> None:
    run = run_of(world, assessed.cycle)
    url = reverse("registry:community_detail", args=[world.community_a.pk])
    link = reverse("assessment:result_detail", args=[run.pk, world.community_a.pk])
    secretary = Client()
    secretary.force_login(world.secretary)
    assert link in secretary.get(url).content.decode()
    outsider = Client()
    outsider.force_login(world.outsider)
    assert link not in outsider.get(url).content.decode()
    assert link not in Client().get(url).content.decode()
