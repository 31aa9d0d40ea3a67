"""The AHP judgment page in a real browser: the matrix fits beside its consistency ratio,
which stays on screen and changes as the expert chooses; an inconsistent judgment is saved
only after the expert ticks the confirmation."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from iecommons.assessment.models import ExpertJudgment
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.browser


def _in_view(page: Any, selector: str) -> bool:
    """Whether the element's top is inside the viewport, once the page has settled (the
    ratio's fragment is swapped in by htmx; on a busy machine the layout moves after the
    swap for a moment)."""
    try:
        page.wait_for_function(
            """(selector) => {
                const box = document.querySelector(selector)?.getBoundingClientRect();
                return !!box && box.top >= 0 && box.top < window.innerHeight;
            }""",
            arg=selector,
            timeout=5000,
        )
    except PlaywrightTimeoutError:
        return False
    return True


def test_the_ratio_stays_in_view_and_an_inconsistent_judgment_needs_a_tick(
    browser_page, live_server, world, cycle
):
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 600})
    path = f"/assessment/cycles/{cycle.pk}/judgments/root/"
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    page.fill("#id_username", "expert")
    page.fill("#id_password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}{path}")

    # Six dimensions: 15 drop-downs in one matrix, no page-long list.
    assert page.locator(".judgment-matrix select").count() == 15
    page.select_option("#id_cell_0_1", "9")
    page.select_option("#id_cell_1_2", "9")
    page.select_option("#id_cell_0_2", "1/9")
    last = page.locator("#id_cell_4_5")
    last.scroll_into_view_if_needed()
    page.select_option("#id_cell_4_5", "2")
    expect(page.locator("#consistency .cr--bad")).to_be_visible()
    assert _in_view(page, "#consistency .cr"), "the ratio is on screen beside the last cell"

    page.locator("form.judgment-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("0.1")
    assert not ExpertJudgment.objects.exists()
    page.check("#id_accept_inconsistent")
    page.locator("form.judgment-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/assessment/cycles/{cycle.pk}/judgments/")
    assert ExpertJudgment.objects.get().consistency_ratio > 0.1
