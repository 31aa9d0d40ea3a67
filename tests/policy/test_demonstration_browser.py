"""Demonstration selection in a real browser: a supervisor creates a selection from the
published run and publishes it for notice in the confirmation modal, a signed-in person
objects to an entry, the supervisor upholds it (the next community moves up), finalises the
list in the modal once the period is over, and the public reads the final list from the
header's public-information menu."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from iecommons.policy.models import DemonstrationSelection
from tests.policy.demonstration_world import build

pytestmark = pytest.mark.browser

WAIT_MS = 60_000  # a generous wait, not a timing: the shared machine is often loaded


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Carry a Django session into the browser, and read the pages in English."""
    page.context.clear_cookies()
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        )
    page.context.add_cookies(cookies)


def test_create_publish_object_answer_finalise_and_read_the_public_list(
    browser_page: Any, live_server: Any, world: Any
) -> None:
    page = browser_page
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=20_000)
    demo = build(world)
    today = timezone.localdate()
    dialog = page.locator("#confirm-dialog")

    _sign_in(page, live_server, world.supervisor)
    page.goto(f"{live_server.url}/policy/demonstrations/new")
    page.get_by_label("title of the selection").fill("2026年示范共同体遴选")
    page.get_by_label("published evaluation run").select_option(str(demo.run.pk))
    page.get_by_label("total places").fill("4")
    page.get_by_label("places per province").fill("320000 3\n440000 1")
    page.get_by_label("places per industry field").fill("rail-transit 3\naerospace 1")
    page.get_by_label("minimum grade").select_option("good")
    page.get_by_label("at least this many years since founded").fill("2")
    page.get_by_role("button", name="Compute the draft list").click()
    page.wait_for_url("**/policy/demonstrations/*/")
    selection = DemonstrationSelection.objects.get()
    detail = f"{live_server.url}/policy/demonstrations/{selection.pk}/"
    listed = page.get_by_role("table", name="Demonstration communities")
    expect(listed.get_by_role("row")).to_have_count(5)  # the header and four places

    page.get_by_role("link", name="Publish for notice").click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("#confirm-dialog-title")).to_contain_text("4 communities")
    dialog.locator("#id_notice_starts").fill(today.isoformat())
    dialog.locator("#id_notice_ends").fill((today + datetime.timedelta(days=6)).isoformat())
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(detail)
    expect(page.locator(".page-title .badge")).to_have_text("Public notice")

    _sign_in(page, live_server, world.stranger)
    page.goto(detail)
    page.get_by_label("entry objected to").select_option(label="4. Candidate C2")
    page.get_by_label("grounds of the objection").fill("该共同体申报的成员数与登记记录不符。")
    page.get_by_role("button", name="File the objection").click()
    page.wait_for_url(detail)
    expect(page.get_by_text("Your objection is filed")).to_be_visible()

    _sign_in(page, live_server, world.supervisor)
    page.goto(detail)
    answer = page.locator("form[action$='/answer']")
    answer.get_by_label("Uphold: remove the entry").check()
    answer.get_by_label("answer").fill("经核实属实，撤销其入选资格。")
    answer.get_by_role("button", name="Answer the objection").click()
    page.wait_for_url(detail)
    removed = page.get_by_role("table", name="Removed after an objection")
    expect(removed).to_contain_text("经核实属实，撤销其入选资格。")
    expect(listed).to_contain_text("Candidate C4")  # moved up into the freed place

    # The notice period passes.
    DemonstrationSelection.objects.filter(pk=selection.pk).update(
        notice_starts=today - datetime.timedelta(days=8),
        notice_ends=today - datetime.timedelta(days=1),
    )
    page.goto(detail)
    page.get_by_role("link", name="Finalise the list").click()
    expect(dialog).to_be_visible()
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(detail)
    expect(page.get_by_role("heading", name="Final list")).to_be_visible()
    final = DemonstrationSelection.objects.get()

    _sign_in(page, live_server, None)
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Public information").or_(
        page.get_by_role("link", name="Public information")
    ).first.click()
    page.get_by_role("link", name="Demonstration communities").click()
    page.get_by_role("link", name=final.title).click()
    page.wait_for_url(detail)
    expect(page.get_by_role("heading", name="Final list")).to_be_visible()
    names = listed.locator("tbody th").all_inner_texts()
    assert names == ["Community A", "Community B", "Candidate C3", "Candidate C4"]
    expect(page.locator("[data-inputs-hash]")).to_have_text(final.inputs_sha256)
    expect.set_options(timeout=5_000)
