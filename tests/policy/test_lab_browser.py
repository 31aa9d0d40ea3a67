"""The policy lab in a real browser: a provincial supervisor builds a scenario calibrated
from its province's ledgers, sees the calibrated values beside the defaults before saving,
sets one value itself, saves, watches the queued run finish (the page polls its state and
reloads) and reads the charts with each parameter's origin beside them."""

from __future__ import annotations

from typing import Any

import pytest

from iecommons.policy.models import PolicyScenario
from iecommons.policy.services.scenario_runs import scenario_execute
from tests.policy.test_browser import _sign_in

pytestmark = pytest.mark.browser


def test_build_a_calibrated_scenario_and_read_its_charts(
    browser_page: Any, live_server: Any, ledger: Any
) -> None:
    page = browser_page
    page.set_default_timeout(30_000)  # a shared, busy machine
    _sign_in(page, live_server, ledger.provincial_supervisor)
    page.goto(f"{live_server.url}/policy/lab/")
    page.get_by_label("Title of the scenario").fill("江苏：以平台数据校准")
    page.get_by_label("Jurisdiction").select_option("320000")
    page.get_by_label("Calibrate from platform data").check()
    page.get_by_label("Records from the year").fill("2024")
    page.get_by_label("To the year").fill("2025")
    page.get_by_role("button", name="Show the values").click()
    page.wait_for_load_state()

    parameters = page.get_by_role("table", name="Parameters and where each value comes from")
    costs = parameters.get_by_role("row").filter(has_text="enterprise's cost of deep participation")
    assert costs.get_by_role("cell", name="4", exact=True).is_visible()  # the model's default
    assert "3.3333" in costs.inner_text()  # beside it, what the ledger says
    assert not PolicyScenario.objects.exists()  # nothing saved yet

    page.get_by_label("Value of S_e").fill("4.5")
    page.get_by_role("button", name="Save and run").click()
    page.wait_for_url("**/policy/lab/*/")
    assert page.get_by_text("The scenario was saved and its run queued.").is_visible()
    assert page.locator("#scenario-state .badge").inner_text() == "Queued"
    scenario = PolicyScenario.objects.get()

    # No worker runs beside the test server: run the job here. The page polls the run's
    # state every 2 s and reloads itself once it is done.
    scenario_execute(scenario_id=scenario.pk)
    page.locator("#scenario-state .badge", has_text="Done").wait_for()
    page.locator("[data-chart=trajectory] canvas").first.wait_for()
    page.locator("[data-chart=sweep] canvas").first.wait_for()
    used = page.get_by_role("table", name="Parameters and where each value comes from")
    subsidy = used.get_by_role("row").filter(has_text="S_e")
    assert "4.5" in subsidy.inner_text()
    assert subsidy.get_by_text("set by you").is_visible()
    costs = used.get_by_role("row").filter(has_text="C_e")
    assert costs.get_by_text("calibrated", exact=True).is_visible()
    assert page.get_by_role("table", name="Stability of the pure-strategy corners").is_visible()
