"""A provincial supervisor and a national cycle over its province: it reads the results of
its own communities (not a 403), and its cycle form never offers 全国 (national)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from iecommons.assessment.models import EvaluationRun
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from tests.assessment.runs_world import AssessmentWorld, assessment_world
from tests.fixtures import World

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


@pytest.fixture
def national_run(world: World) -> EvaluationRun:
    assessed: AssessmentWorld = assessment_world(world)  # a national cycle: no jurisdiction
    assert assessed.cycle.jurisdiction is None
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    return run_execution.evaluation_run_execute(run_id=started.pk)


def test_a_provincial_supervisor_reads_its_own_communities_in_a_national_run(
    world: World, national_run: EvaluationRun
):
    response = _client(world.provincial_supervisor).get(
        reverse("assessment:results_table", args=[national_run.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲共同体" in html  # in Jiangsu, its province
    assert "乙共同体" not in html  # in Guangdong


def test_its_export_holds_only_its_own_communities(world: World, national_run: EvaluationRun):
    response = _client(world.provincial_supervisor).get(
        reverse("assessment:results_export", args=[national_run.pk])
    )
    names = [
        row[1]
        for row in load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    ]
    assert "甲共同体" in names
    assert "乙共同体" not in names


def test_the_run_page_links_it_to_the_table_without_publishing_or_the_full_copy(
    world: World, national_run: EvaluationRun
):
    html = (
        _client(world.provincial_supervisor)
        .get(reverse("assessment:run_detail", args=[national_run.pk]))
        .content.decode()
    )
    assert reverse("assessment:results_table", args=[national_run.pk]) in html
    assert reverse("assessment:run_publish", args=[national_run.pk]) not in html
    assert reverse("assessment:run_snapshot", args=[national_run.pk]) not in html


def test_a_supervisor_of_no_covered_community_still_gets_no_table(
    world: World, national_run: EvaluationRun
):
    # The Guangdong supervisor supervises B, which the run covers; the secretariat does not.
    assert (
        _client(world.secretary)
        .get(reverse("assessment:results_table", args=[national_run.pk]))
        .status_code
        == 403
    )


def test_the_provincial_cycle_form_does_not_offer_national(world: World, framework):
    html = _client(world.provincial_supervisor).get(reverse("assessment:cycle_open")).content
    jurisdiction = html.decode().split('name="jurisdiction"', 1)[1].split("</select>", 1)[0]
    assert "全国" not in jurisdiction
    assert 'value=""' not in jurisdiction
    national = _client(world.supervisor).get(reverse("assessment:cycle_open")).content.decode()
    assert "全国" in national
