"""Booking a resource in a real browser: a member representative requests, the owner
approves, and the requester sees the booking approved."""

from __future__ import annotations

from typing import Any

import pytest

from iecommons.collaboration.models import Booking
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def _sign_out(page: Any) -> None:
    page.context.clear_cookies()


def test_a_member_books_a_resource_and_the_owner_approves_it(browser_page, live_server, collab):
    page = browser_page
    base = live_server.url
    resource_path = f"/collaboration/resources/{collab.resource.pk}/"
    _sign_in(page, base, "representative", resource_path)
    page.fill("#id_start", collab.at(0, 9).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_end", collab.at(0, 11).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_purpose", "数控车床实训")
    page.locator("form[action$='/book/'] button[type=submit]").click()
    page.wait_for_url(f"{base}/collaboration/bookings/*/")
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.PENDING

    _sign_out(page)
    _sign_in(page, base, "owner_rep", "/collaboration/bookings/requests/")
    page.locator(f"a[href='/collaboration/bookings/{booking.pk}/']").click()
    page.fill("#id_comment", "欢迎使用")
    page.locator(f"button[formaction='/collaboration/bookings/{booking.pk}/approve/']").click()
    page.wait_for_url(f"{base}/collaboration/bookings/{booking.pk}/")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.APPROVED

    _sign_out(page)
    _sign_in(page, base, "representative", f"/collaboration/bookings/{booking.pk}/")
    assert "欢迎使用" in page.locator(".facts").inner_text()


def test_an_overlapping_request_is_refused_on_the_page_naming_the_start(
    browser_page, live_server, collab
):
    from tests.collaboration.conftest import make_booking

    make_booking(
        collab.resource,
        collab.owner,
        collab.at(0, 9),
        collab.at(0, 12),
        status=Booking.Status.APPROVED,
    )
    page = browser_page
    base = live_server.url
    _sign_in(page, base, "representative", f"/collaboration/resources/{collab.resource.pk}/")
    page.fill("#id_start", collab.at(0, 10).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_end", collab.at(0, 11).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_purpose", "冲突申请")
    page.locator("form[action$='/book/'] button[type=submit]").click()
    assert page.locator("#id_start").get_attribute("aria-invalid") == "true"
    assert Booking.objects.count() == 1
