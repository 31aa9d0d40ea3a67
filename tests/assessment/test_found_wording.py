"""Wording defects found trying the assessment pages as a new user would, each pinned:
statuses that read 未定/完成日期, codes shown raw (minmax), English missing or lowercase."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.assessment.models import EvaluationRun, RectificationTask, Survey
from iecommons.assessment.services import rectification as rectification_services
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World

pytestmark = pytest.mark.django_db


def _client(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


@pytest.fixture
def run(world: World, assessed: AssessmentWorld) -> EvaluationRun:
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    return run_execution.evaluation_run_execute(run_id=started.pk)


def test_an_open_cycle_reads_in_progress_not_undecided(world: World, assessed: AssessmentWorld):
    page = _client(world.supervisor, "zh-hans").get(reverse("assessment:cycle_list"))
    html = page.content.decode()
    assert "进行中" in html
    assert "未定" not in html


def test_a_finished_run_reads_completed_with_its_normalisation_in_words(
    world: World, run: EvaluationRun
):
    html = (
        _client(world.supervisor, "zh-hans")
        .get(reverse("assessment:run_detail", args=[run.pk]))
        .content.decode()
    )
    assert "已完成" in html
    assert "完成日期" not in html
    assert "向量归一化" in html  # TOPSIS's own normalisation
    assert "vector" not in html.split("<main", 1)[-1].split("</main>")[0]
    english = (
        _client(world.supervisor, "en")
        .get(reverse("assessment:run_detail", args=[run.pk]))
        .content.decode()
    )
    assert "Vector normalisation" in english
    assert "Done" in english


def test_the_framework_version_is_shown_once(world: World, run: EvaluationRun):
    html = (
        _client(world.supervisor, "en")
        .get(reverse("assessment:run_detail", args=[run.pk]))
        .content.decode()
    )
    assert "Test framework v1" in html
    assert "v1 v1" not in html


def test_a_min_max_run_names_its_normalisation_in_both_languages(
    world: World, assessed: AssessmentWorld
):
    started = run_services.evaluation_run_start(
        actor=world.supervisor,
        cycle=assessed.cycle,
        method="wsm",
        normalization="minmax",
        enqueue=False,
    )
    run_execution.evaluation_run_execute(run_id=started.pk)
    url = reverse("assessment:run_detail", args=[started.pk])
    chinese = _client(world.supervisor, "zh-hans").get(url).content.decode()
    english = _client(world.supervisor, "en").get(url).content.decode()
    assert "极差标准化" in chinese
    assert "Min-max normalisation" in english
    assert "minmax" not in chinese.split("<main", 1)[-1]
    assert "minmax" not in english.split("<main", 1)[-1]


def test_rectification_tasks_read_being_rectified_and_filter_by_it(
    world: World, run: EvaluationRun
):
    rectification_services.rectification_generate(
        actor=world.supervisor, run=run, communities=[world.community_b]
    )
    assert RectificationTask.objects.filter(status=RectificationTask.Status.OPEN).exists()
    html = (
        _client(world.supervisor, "zh-hans")
        .get(reverse("assessment:rectification_list"))
        .content.decode()
    )
    assert "整改中" in html
    assert "未定" not in html
    filtered = (
        _client(world.supervisor, "zh-hans")
        .get(reverse("assessment:rectification_list"), {"status": "done"})
        .content.decode()
    )
    assert '<option value="done" selected>已完成</option>' in filtered


def test_the_survey_alpha_note_is_translated(world: World, assessed: AssessmentWorld):
    survey = Survey.objects.create(cycle=assessed.cycle, title="满意度调查")
    html = (
        _client(world.supervisor, "zh-hans")
        .get(reverse("assessment:survey_detail", args=[survey.pk]))
        .content.decode()
    )
    assert "至少需要两道题目" in html
    assert "needs at least" not in html


def test_a_cycle_has_an_english_name_for_english_readers(world: World, assessed: AssessmentWorld):
    assessed.cycle.name_en = "Assessment 2024"
    assessed.cycle.save(update_fields=["name_en"])
    english = _client(world.supervisor, "en").get(reverse("assessment:cycle_list")).content
    chinese = _client(world.supervisor, "zh-hans").get(reverse("assessment:cycle_list")).content
    assert "Assessment 2024" in english.decode()
    assert "2024年度评价" not in english.decode()
    assert "2024年度评价" in chinese.decode()


def test_english_status_labels_are_capitalised(world: World, assessed: AssessmentWorld):
    html = _client(world.supervisor, "en").get(reverse("assessment:cycle_list")).content.decode()
    assert ">Open<" in html
    assert ">open<" not in html


def test_the_cycle_form_takes_an_english_name(world: World, assessed: AssessmentWorld):
    html = _client(world.supervisor, "en").get(reverse("assessment:cycle_open")).content.decode()
    assert 'name="name_en"' in html
    assert "Name (English)" in html
