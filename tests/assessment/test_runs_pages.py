"""Pages of runs, results, published grades and rectification: who sees what, and what
they show. Includes the authorization matrix of every page of the runs module."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from iecommons.assessment.models import EvaluationRun, RectificationTask, Result
from iecommons.assessment.selectors import rectification as rectification_selectors
from iecommons.assessment.services import rectification as rectification_services
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World

PEOPLE = [
    "operator",
    "supervisor",
    "provincial_supervisor",
    "guangdong_supervisor",
    "secretary",
    "outsider",
    "representative",
    "expert",
    "stranger",
    None,
]


@pytest.fixture
def assessed(world: World) -> AssessmentWorld:
    return assessment_world(world)


@pytest.fixture
def run(world: World, assessed: AssessmentWorld) -> EvaluationRun:
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    return run_execution.evaluation_run_execute(run_id=started.pk)


@pytest.fixture
def task(world: World, run: EvaluationRun) -> RectificationTask:
    tasks = rectification_services.rectification_generate(
        actor=world.supervisor, run=run, communities=[world.community_b]
    )
    return tasks[0]


def client_for(world: World, who: str | None) -> Client:
    client = Client()
    if who is not None:
        client.force_login(getattr(world, who))
    return client


# Only the cycle's supervisors (national cycle: operator and national supervisor).
SUPERVISOR_ONLY = {"operator": 200, "supervisor": 200}
# The run's record and table: also the regional supervisors of communities it covers (A in
# Jiangsu, B in Guangdong), each with its own communities' rows.
REGIONAL_READERS = {**SUPERVISOR_ONLY, "provincial_supervisor": 200, "guangdong_supervisor": 200}
READ_BY_REGIONS = {"run_detail", "run_progress", "results_table", "export"}


def expected(who: str | None, allowed: dict[str, int]) -> int:
    if who in allowed:
        return allowed[who]
    return 302 if who is None else 403


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(
    "page", ["run_list", "run_start", "run_detail", "run_progress", "results_table", "export"]
)
def test_supervisor_pages_matrix(
    world: World, run: EvaluationRun, who: str | None, page: str
) -> None:
    urls = {
        "run_list": reverse("assessment:run_list", args=[run.cycle_id]),
        "run_start": reverse("assessment:run_start", args=[run.cycle_id]),
        "run_detail": reverse("assessment:run_detail", args=[run.pk]),
        "run_progress": reverse("assessment:run_progress", args=[run.pk]),
        "results_table": reverse("assessment:results_table", args=[run.pk]),
        "export": reverse("assessment:results_export", args=[run.pk]),
    }
    response = client_for(world, who).get(urls[page])
    allowed = REGIONAL_READERS if page in READ_BY_REGIONS else SUPERVISOR_ONLY
    assert response.status_code == expected(who, allowed)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", ["run_publish", "rectification_generate"])
def test_supervisor_actions_matrix(
    world: World, run: EvaluationRun, who: str | None, action: str
) -> None:
    candidates = rectification_selectors.generation_candidates(run, top=3)
    confirmed = {
        "confirmed": "yes",
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "top": "3",
        "communities": [candidate.community_id for candidate in candidates],
    }
    url = reverse(f"assessment:{action}", args=[run.pk])
    asked = client_for(world, who).get(url)
    assert asked.status_code == expected(who, SUPERVISOR_ONLY)
    response = client_for(world, who).post(url, confirmed)
    allowed = {"operator": 302, "supervisor": 302}
    assert response.status_code == expected(who, allowed)


@pytest.mark.parametrize("who", PEOPLE)
def test_a_result_before_publication_is_for_its_supervisors_and_secretariat(
    world: World, run: EvaluationRun, who: str | None
) -> None:
    url = reverse("assessment:result_detail", args=[run.pk, world.community_a.pk])
    response = client_for(world, who).get(url)
    allowed = {"operator", "supervisor", "provincial_supervisor", "secretary"}
    assert response.status_code == (200 if who in allowed else 403)


@pytest.mark.parametrize("who", PEOPLE)
def test_a_published_result_is_for_everyone(
    world: World, run: EvaluationRun, who: str | None
) -> None:
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    url = reverse("assessment:result_detail", args=[run.pk, world.community_a.pk])
    assert client_for(world, who).get(url).status_code == 200


@pytest.mark.parametrize("who", PEOPLE)
def test_published_grades_page_shows_only_published_runs(
    world: World, run: EvaluationRun, who: str | None
) -> None:
    url = reverse("assessment:published_grades")
    response = client_for(world, who).get(url)
    assert response.status_code == 200
    assert "甲共同体" not in response.content.decode()
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    response = client_for(world, who).get(url)
    assert "甲共同体" in response.content.decode()


@pytest.mark.parametrize("who", PEOPLE)
def test_rectification_pages_matrix(world: World, task: RectificationTask, who: str | None) -> None:
    client = client_for(world, who)
    detail = client.get(reverse("assessment:rectification_detail", args=[task.pk]))
    # Task of community B: its secretariat ("outsider") and its supervisors.
    allowed = {"operator": 200, "supervisor": 200, "guangdong_supervisor": 200, "outsider": 200}
    assert detail.status_code == expected(who, allowed)
    listing = client.get(reverse("assessment:rectification_list"))
    assert listing.status_code == (302 if who is None else 200)
    if who is not None:
        assert (str(task.indicator.name) in listing.content.decode()) == (who in allowed)


def test_the_run_page_shows_the_record_and_polls_while_queued(
    world: World, assessed: AssessmentWorld
) -> None:
    queued = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    client = client_for(world, "supervisor")
    page = client.get(reverse("assessment:run_detail", args=[queued.pk])).content.decode()
    assert queued.input_sha256 in page
    assert 'hx-trigger="every 2s"' in page
    run_execution.evaluation_run_execute(run_id=queued.pk)
    fragment = client.get(reverse("assessment:run_progress", args=[queued.pk])).content.decode()
    assert "every 2s" not in fragment
    assert 'value="100"' in fragment


def test_starting_a_run_from_the_form_queues_it(world: World, assessed: AssessmentWorld) -> None:
    client = client_for(world, "supervisor")
    response = client.post(
        reverse("assessment:run_start", args=[assessed.cycle.pk]),
        {"method": "wsm", "normalization": "", "imputation": "none"},
    )
    run = EvaluationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:run_detail", args=[run.pk])
    assert run.methods["aggregation"] == "wsm"


def test_the_start_form_names_missing_pairs_and_refuses(
    world: World, assessed: AssessmentWorld
) -> None:
    from iecommons.assessment.models import IndicatorValue

    IndicatorValue.objects.filter(community=world.community_b, indicator__code="G2").delete()
    client = client_for(world, "supervisor")
    url = reverse("assessment:run_start", args=[assessed.cycle.pk])
    assert "乙共同体 — G2" in client.get(url).content.decode()
    response = client.post(url, {"method": "topsis", "imputation": "none"})
    assert response.status_code == 422
    assert "乙共同体 — G2" in response.content.decode()
    assert not EvaluationRun.objects.exists()


def test_the_results_table_filters_sorts_and_pages(world: World, run: EvaluationRun) -> None:
    client = client_for(world, "supervisor")
    url = reverse("assessment:results_table", args=[run.pk])
    page = client.get(url).content.decode()
    assert page.index("甲共同体") < page.index("乙共同体")
    reversed_page = client.get(url, {"sort": "-rank"}).content.decode()
    assert reversed_page.index("乙共同体") < reversed_page.index("甲共同体")
    failing = client.get(url, {"grade": "fail"}, headers={"HX-Request": "true"}).content.decode()
    assert "乙共同体" in failing
    assert "甲共同体" not in failing
    assert "<html" not in failing


def test_the_export_is_a_real_xlsx_with_headers_and_values(
    world: World, run: EvaluationRun
) -> None:
    response = client_for(world, "supervisor").get(
        reverse("assessment:results_export", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Rank",
        "Community",
        "Industry field",
        "Level",
        "Province",
        "Score",
        "Grade",
    )
    assert rows[0][-2:] == ("Governance", "Talent")  # the dimensions, by name
    assert len(rows) == 7  # header + six communities
    first = rows[1]
    assert first[0] == 1
    assert first[1] == "Community A"
    assert first[6] == "excellent"
    stored = Result.objects.get(run=run, community=world.community_a)
    assert first[5] == round(stored.score, 4)
    assert rows[2][1] != "Community A"
    about = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert run.input_sha256 in about.values()


def test_a_provincial_supervisor_exports_only_its_jurisdiction(
    world: World, assessed: AssessmentWorld
) -> None:
    assessed.cycle.jurisdiction = world.community_a.province
    assessed.cycle.save()
    started = run_services.evaluation_run_start(
        actor=world.provincial_supervisor, cycle=assessed.cycle, enqueue=False
    )
    run_execution.evaluation_run_execute(run_id=started.pk)
    response = client_for(world, "provincial_supervisor").get(
        reverse("assessment:results_export", args=[started.pk])
    )
    names = [
        row[1]
        for row in load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    ]
    assert "甲共同体" in names
    assert "乙共同体" not in names  # seated in Guangdong


def test_the_community_page_carries_chart_data_and_weak_points(
    world: World, run: EvaluationRun
) -> None:
    response = client_for(world, "secretary").get(
        reverse("assessment:result_detail", args=[run.pk, world.community_b.pk])
    )
    assert response.status_code == 403
    page = (
        client_for(world, "outsider")
        .get(reverse("assessment:result_detail", args=[run.pk, world.community_b.pk]))
        .content.decode()
    )
    assert 'id="radar-data"' in page
    assert 'id="trend-data"' in page
    assert "echarts.min.js" in page
    assert "assessment/charts.js" in page
    assert "订单班学生" in page  # T1, where B is furthest below its peers


def test_completing_a_task_needs_an_allowed_file(
    world: World, task: RectificationTask, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    client = client_for(world, "outsider")
    url = reverse("assessment:rectification_complete", args=[task.pk])
    bad = SimpleUploadedFile("evidence.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post(url, {"evidence": bad, "note": "done"})
    assert response.status_code == 422
    assert ".exe" in response.content.decode()
    task.refresh_from_db()
    assert task.status == RectificationTask.Status.OPEN
    good = SimpleUploadedFile("report.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    response = client.post(url, {"evidence": good, "note": "新增订单班两个"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == RectificationTask.Status.DONE
    assert task.evidence_note == "新增订单班两个"
    assert task.evidence.name.endswith(".pdf")
