"""The run path in a real browser: a supervisor starts a run, watches its progress,
opens the results and a community's page with its charts drawn, then generates
rectification tasks and opens one."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from iecommons.assessment.models import EvaluationRun
from iecommons.assessment.services import run_execution
from tests.assessment.runs_world import assessment_world
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def test_run_results_charts_and_a_rectification_task(browser_page, live_server, world):
    page = browser_page
    base = live_server.url
    assessed = assessment_world(world)

    start = f"/assessment/cycles/{assessed.cycle.pk}/runs/start/"
    _sign_in(page, base, "supervisor", start)
    page.select_option("#id_method", "topsis")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{base}/assessment/runs/*/")
    run = EvaluationRun.objects.get()
    expect(page.locator("#run-progress")).to_contain_text("0%")

    # The job runs (here in the test's thread, as a worker would); the page polls every 2 s.
    run_execution.evaluation_run_execute(run_id=run.pk)
    # Located by address, not by text: the page may be in either language.
    results_link = page.locator(f"#run-progress a[href='/assessment/runs/{run.pk}/results/']")
    expect(results_link).to_be_visible(timeout=8000)
    expect(page.locator("#run-progress progress")).to_have_attribute("value", "100")

    results_link.click()
    page.wait_for_url(f"{base}/assessment/runs/{run.pk}/results/")
    rows = page.locator("table.data-table tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.first).to_contain_text("甲共同体")

    page.get_by_role("link", name="乙共同体").click()
    page.wait_for_url(f"{base}/assessment/runs/{run.pk}/results/{world.community_b.pk}/")
    expect(page.locator("[data-chart=radar] canvas")).to_have_count(1)
    expect(page.locator("[data-chart=trend] canvas")).to_have_count(1)

    page.goto(f"{base}/assessment/runs/{run.pk}/")
    page.locator(f"#run-progress a[href='/assessment/runs/{run.pk}/rectification/']").click()
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    # the checklist of communities, each with its count, all ticked
    expect(dialog.locator("input[name=communities]:checked").first).to_be_visible()
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/assessment/rectification/")
    task_links = page.locator("table.data-table tbody th a")
    expect(task_links.first).to_be_visible()
    page.get_by_role("row").filter(has_text="乙共同体").first.locator("a").click()
    page.wait_for_url(f"{base}/assessment/rectification/*/")
    expect(page.locator("p.lead")).to_contain_text("乙共同体")
    expect(page.locator("form[enctype='multipart/form-data'] input[type=file]")).to_be_visible()
