"""Irreversible actions in a real browser: the confirmation modal (cancelled, then
confirmed), the same confirmation as a page without JavaScript, and a withdrawn
publication as the public sees it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from iecommons.assessment.models import Publication
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.registry.models import Membership
from tests.assessment.runs_world import assessment_world
from tests.fixtures import PASSWORD
from tests.test_accessibility import AXE, RUN_AXE

pytestmark = pytest.mark.browser

REASON = "第二季度数据录入有误，已更正。"
# Generous waits, not timings: on a loaded shared machine the live server's first answers
# can take many seconds.
WAIT_MS = 60_000


@pytest.fixture(autouse=True)
def _patient_expectations() -> Iterator[None]:
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)  # playwright's default, for the files that follow


def _sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def test_ending_a_membership_asks_in_a_modal_first(browser_page, live_server, world):
    page = browser_page
    manage = f"/communities/{world.community_a.pk}/manage/"
    end_url = f"/communities/{world.community_a.pk}/members/{world.membership_a.pk}/end/"
    _sign_in(page, live_server.url, "secretary", manage)
    trigger = page.locator(f'#member-list a[href="{end_url}"]')
    dialog = page.locator("#confirm-dialog")

    trigger.click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("#confirm-dialog-title")).to_contain_text(world.member_a.name)
    expect(page).to_have_url(f"{live_server.url}{manage}")  # a dialog, not a new page
    dialog.locator("[data-bs-dismiss=modal]").last.click()  # Cancel
    expect(dialog).to_be_hidden()
    assert Membership.objects.get(pk=world.membership_a.pk).left is None

    trigger.click()
    expect(dialog).to_be_visible()
    dialog.locator("#id_left").fill("2024-06-30")
    dialog.locator("#id_reason").fill("业务调整")
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{manage}")
    expect(page.locator(f'#member-list a[href="{end_url}"]')).to_have_count(0)
    assert str(Membership.objects.get(pk=world.membership_a.pk).left) == "2024-06-30"


def test_without_javascript_the_confirmation_is_a_page(browser_page, live_server, world):
    context = browser_page.context.browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        manage = f"/communities/{world.community_a.pk}/manage/"
        end_url = f"/communities/{world.community_a.pk}/members/{world.membership_a.pk}/end/"
        _sign_in(page, live_server.url, "secretary", manage)
        page.locator(f'#member-list a[href="{end_url}"]').click()
        page.wait_for_url(f"{live_server.url}{end_url}")
        expect(page.locator("h1")).to_contain_text(world.member_a.name)
        page.fill("#id_left", "2024-06-30")
        page.locator("form.confirm-page button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}{manage}")
        assert Membership.objects.get(pk=world.membership_a.pk).left is not None
    finally:
        context.close()


def test_a_withdrawn_publication_is_seen_as_a_correction(browser_page, live_server, world):
    assessed = assessment_world(world)
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    page = browser_page
    detail = f"/assessment/runs/{run.pk}/"
    _sign_in(page, live_server.url, "supervisor", detail)
    dialog = page.locator("#confirm-dialog")

    page.locator(f'#run-progress a[href="/assessment/runs/{run.pk}/publish/"]').click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("#confirm-dialog-title")).to_contain_text(str(run.results.count()))
    assert _serious_violations(page) == []  # the open dialog too
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{detail}")
    assert Publication.objects.current().filter(run=run).exists()

    page.locator(f'#run-progress a[href="/assessment/runs/{run.pk}/withdraw/"]').click()
    expect(dialog).to_be_visible()
    dialog.locator("#id_reason").fill(REASON)
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{detail}")
    assert not Publication.objects.current().exists()

    page.context.clear_cookies()  # the public
    page.goto(f"{live_server.url}/assessment/grades/")
    correction = page.locator(".corrections .correction")
    expect(correction).to_have_count(1)
    expect(correction).to_contain_text(REASON)
    expect(correction).to_contain_text("更正")
    expect(page.locator("#results")).not_to_contain_text("甲共同体")
    assert _serious_violations(page) == []


def _serious_violations(page: Any) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE)
