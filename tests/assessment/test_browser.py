"""The assessment path in a real browser: a supervisor opens a cycle, the secretariat
submits a value with evidence, the supervisor verifies it, an expert judges with live
consistency feedback."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from iecommons.assessment.models import AssessmentCycle, ExpertJudgment, IndicatorValue
from tests.assessment.conftest import indicator
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def test_open_submit_verify_and_judge(browser_page, live_server, world, framework):
    page = browser_page
    base = live_server.url

    # A national supervisor opens a cycle over every community.
    _sign_in(page, base, "supervisor", "/assessment/cycles/open/")
    page.fill("#id_name", "2025 年度评价")
    page.fill("#id_year", "2025")
    page.fill("#id_period_start", "2025-01-01")
    page.fill("#id_period_end", "2025-12-31")
    page.select_option("#id_framework", str(framework.pk))
    page.fill("#id_submission_deadline", "2026-02-28")
    page.fill("#id_verification_deadline", "2026-03-31")
    page.fill("#id_judgment_deadline", "2026-03-31")
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url(f"{base}/assessment/cycles/*/")
    cycle = AssessmentCycle.objects.get()
    assert set(cycle.communities.all()) == {world.community_a, world.community_b}
    assert page.locator("table.status-board tbody tr").count() == 2

    # The secretariat of A submits the council meetings with the minutes as evidence.
    meetings = indicator(framework, "D1.2")
    data_path = f"/assessment/cycles/{cycle.pk}/communities/{world.community_a.pk}/"
    _sign_in(page, base, "secretary", data_path)
    page.goto(f"{base}{data_path}indicators/{meetings.pk}/submit/")
    page.fill("#id_value", "4")
    page.set_input_files(
        "#id_evidence",
        {"name": "纪要.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 minutes"},
    )
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url(f"{base}{data_path}")
    submitted = IndicatorValue.objects.get(
        cycle=cycle, community=world.community_a, indicator=meetings
    )
    assert "纪要.pdf" in page.locator(f"#value-{submitted.pk}").inner_text()

    # The supervisor verifies it from the queue.
    queue = f"/assessment/cycles/{cycle.pk}/verification/"
    _sign_in(page, base, "supervisor", queue)
    page.locator("form[action$='/verify/'] button").first.click()
    page.wait_for_url(f"{base}{queue}")
    value = IndicatorValue.objects.get(cycle=cycle, community=world.community_a, indicator=meetings)
    assert value.status == IndicatorValue.Status.VERIFIED

    # The expert of A compares the governance indicators; the page reacts as they choose.
    dimension = indicator(framework, "D1")
    judge = f"/assessment/cycles/{cycle.pk}/judgments/{dimension.pk}/"
    _sign_in(page, base, "expert", judge)
    page.select_option("#id_cell_0_1", "5")
    page.select_option("#id_cell_1_2", "5")
    page.select_option("#id_cell_0_2", "1/5")
    # Each change re-renders the partial; wait until it reflects the last one.
    expect(page.locator("#consistency .cr")).to_contain_text("2.759")
    # The page speaks Chinese here: check names and numbers, not the sentence.
    suggestion = page.locator("#consistency .suggestion")
    expect(suggestion).to_be_visible()
    named = [
        child.name_zh
        for child in dimension.children.all()
        if child.name_zh in suggestion.inner_text()
    ]
    assert len(named) == 2, "the suggestion names the two indicators of the judgment"
    assert page.locator("#consistency .cr--bad").count() == 1
    page.select_option("#id_cell_0_1", "3")
    page.select_option("#id_cell_1_2", "3")
    page.select_option("#id_cell_0_2", "9")  # 3 × 3 = 9: perfectly consistent
    expect(page.locator("#consistency .cr")).to_contain_text("0.000")
    page.locator("#consistency .cr--ok").wait_for()
    assert page.locator("#consistency .suggestion").count() == 0
    page.locator("form.judgment-form button[type=submit]").click()
    page.wait_for_url(f"{base}/assessment/cycles/{cycle.pk}/judgments/")
    judgment = ExpertJudgment.objects.get(cycle=cycle, expert=world.expert, node=dimension)
    assert judgment.consistency_ratio < 0.1
