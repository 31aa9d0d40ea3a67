"""The policy flows in a real browser: a representative reads why it is eligible and
applies, the programme's supervisor reviews, awards and pays, and the award shows on the
public transparency page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from iecommons.policy.models import Application, IncentiveProgramme

pytestmark = pytest.mark.browser


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Carry a Django session into the browser, and read the pages in English."""
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
        ]
    )


def _open_today(programme: IncentiveProgramme) -> None:
    today = datetime.date.today()
    IncentiveProgramme.objects.filter(pk=programme.pk).update(
        opens=today - datetime.timedelta(days=1),
        deadline=today + datetime.timedelta(days=30),
        spend_by=today + datetime.timedelta(days=90),
    )


def test_apply_review_award_pay_and_read_the_transparency_page(
    browser_page: Any, live_server: Any, programmes: Any
) -> None:
    page, world = browser_page, programmes.world
    page.set_default_timeout(30_000)  # a shared, busy machine
    programme = programmes.jiangsu
    _open_today(programme)

    _sign_in(page, live_server, world.representative)
    page.goto(f"{live_server.url}/policy/programmes/{programme.pk}/")
    assert page.locator(".badge", has_text="eligible").first.inner_text() == "eligible"
    # The conditions, then the applicant's own facts against each: all met.
    mine = page.get_by_role("row", name="years of membership").last
    assert mine.get_by_text("met", exact=True).is_visible()
    page.get_by_label("amount requested").fill("180000.00")
    page.get_by_label("purpose").fill("共建轨道交通装备实训基地")
    page.get_by_role("button", name="Submit the application").click()
    page.wait_for_url("**/policy/applications/*/")
    assert page.get_by_text("The application was submitted.").is_visible()
    application = Application.objects.get(programme=programme)
    assert page.locator(".page-header .badge").inner_text() == "Submitted"

    _sign_in(page, live_server, world.provincial_supervisor)
    page.goto(f"{live_server.url}/policy/applications/{application.pk}/")
    review = page.locator("form[action$='/review']")
    review.get_by_label("Score").fill("86")
    review.get_by_label("Reason").fill("投入真实，合作院校培养方案落实到专业。")
    page.get_by_role("button", name="Save the review").click()
    page.wait_for_url(f"**/policy/applications/{application.pk}/")
    assert page.get_by_role("cell", name="86").is_visible()

    decision = page.locator("form[action$='/decide']")
    decision.get_by_label("Award", exact=True).check()
    decision.get_by_label("Amount awarded").fill("150000.00")
    decision.get_by_label("Reason for the decision").fill("按评审意见核定。")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"**/policy/applications/{application.pk}/")
    assert page.locator(".page-header .badge").inner_text() == "Awarded"

    page.locator("form[action$='/disburse']").get_by_label("Amount (CNY)").fill("90000.00")
    page.get_by_role("button", name="Record the disbursement").click()
    page.wait_for_url(f"**/policy/applications/{application.pk}/")
    assert page.get_by_text("The disbursement was recorded.").is_visible()

    page.goto(f"{live_server.url}/policy/programmes/{programme.pk}/")
    ledger = page.get_by_role("table", name="Fund ledger")
    assert ledger.get_by_role("cell", name="150,000.00").is_visible()
    assert ledger.get_by_role("cell", name="90,000.00").is_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/policy/awards/")
    row = page.get_by_role("row", name=world.member_a.name)
    assert row.get_by_role("cell", name="150,000.00").is_visible()
    assert row.get_by_role("cell", name="90,000.00").is_visible()


def test_a_refused_amount_is_named_on_the_field_and_nothing_is_written(
    browser_page: Any, live_server: Any, programmes: Any
) -> None:
    page, world = browser_page, programmes.world
    page.set_default_timeout(30_000)
    programme = programmes.jiangsu
    _open_today(programme)
    _sign_in(page, live_server, world.representative)
    page.goto(f"{live_server.url}/policy/programmes/{programme.pk}/")
    page.get_by_label("amount requested").fill("5000000.00")
    page.get_by_label("purpose").fill("超出预算的申请")
    page.get_by_role("button", name="Submit the application").click()
    # Named in the summary at the top and under the field itself.
    field_error = page.locator("#id_amount_requested_error")
    assert "of the budget is still available" in field_error.inner_text()
    assert page.get_by_label("amount requested").get_attribute("aria-invalid") == "true"
    assert not Application.objects.exists()
