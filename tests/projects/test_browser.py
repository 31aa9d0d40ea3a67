"""Joint projects in a real browser: recording a contribution and an outcome, allocating
revenue, and reading a member's participation account."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from iecommons.projects.models import Contribution, Outcome

pytestmark = pytest.mark.browser


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Carry a Django session into the browser, and read the pages in English."""
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


def test_a_representative_records_a_contribution_and_an_outcome(
    browser_page: Any, live_server: Any, projects: Any
) -> None:
    page = browser_page
    _sign_in(page, live_server, projects.world.representative)
    page.goto(f"{live_server.url}/projects/{projects.project.pk}/")
    page.get_by_role("link", name="Record a contribution").click()
    page.get_by_label("Participant").select_option(label=projects.world.member_a.name_en)
    page.get_by_label("Kind").select_option("staff_hours")
    page.get_by_label("Hours").fill("120")
    page.get_by_label("Rate (CNY per hour)").fill("250")
    page.get_by_label("Date").fill("2025-05-20")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/projects/{projects.project.pk}/**")
    assert page.get_by_role("cell", name="30,000.00").first.is_visible()

    page.get_by_role("link", name="Record an outcome").click()
    page.get_by_label("Kind").select_option("interns")
    page.get_by_label("Title").fill("暑期实习")
    page.get_by_label("Quantity or amount").fill("8")
    page.get_by_label("Date").fill("2025-08-31")
    page.get_by_label("Credited to").select_option(label=projects.world.member_a.name_en)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "名单.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/projects/{projects.project.pk}/**")
    assert page.get_by_role("cell", name="暑期实习").is_visible()
    assert Contribution.objects.get().value == 30000
    assert Outcome.objects.get().evidence.endswith(".pdf")


def test_a_negative_contribution_is_refused_on_the_page(
    browser_page: Any, live_server: Any, projects: Any
) -> None:
    page = browser_page
    _sign_in(page, live_server, projects.world.secretary)
    page.goto(f"{live_server.url}/projects/{projects.project.pk}/contributions/add/")
    page.get_by_label("Participant").select_option(label=projects.world.member_a.name_en)
    page.get_by_label("Kind").select_option("cash")
    page.get_by_label("Amount or value (CNY)").fill("-100")
    page.get_by_label("Date").fill("2025-05-20")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("alert").filter(has_text="cannot be negative").is_visible()
    assert not Contribution.objects.exists()


def test_the_secretary_allocates_revenue_by_contributions(
    browser_page: Any, live_server: Any, projects: Any
) -> None:
    for participant, value in (
        (projects.lead, 50),
        (projects.partner_one, 30),
        (projects.partner_two, 20),
    ):
        Contribution.objects.create(
            participant=participant,
            organization=participant.organization,
            kind="cash",
            value=value,
            date="2025-03-01",
            year=2025,
        )
    page = browser_page
    _sign_in(page, live_server, projects.world.secretary)
    page.goto(f"{live_server.url}/projects/{projects.project.pk}/")
    page.get_by_role("link", name="Allocate an amount").click()
    page.get_by_label("What is shared").fill("技术服务收入")
    page.get_by_label("Amount (CNY)").fill("1000")
    page.get_by_label("Date").fill("2025-06-30")
    page.get_by_role("button", name="Allocate").click()
    page.wait_for_url(f"**/projects/{projects.project.pk}/**")
    allocation = page.locator("article.allocation").first
    assert "Proportional to contributions" in allocation.inner_text()
    for amount in ("500.00", "300.00", "200.00"):
        assert allocation.get_by_role("cell", name=amount, exact=True).is_visible()


def test_a_representative_reads_its_participation_account(
    browser_page: Any, live_server: Any, projects: Any
) -> None:
    Contribution.objects.create(
        participant=projects.lead,
        organization=projects.world.member_a,
        kind="cash",
        value=1234,
        date="2025-03-01",
        year=2025,
    )
    page = browser_page
    _sign_in(page, live_server, projects.world.representative)
    page.goto(f"{live_server.url}/projects/{projects.project.pk}/")
    page.get_by_role("row", name=projects.world.member_a.name_en).get_by_role(
        "link", name="participation account"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Participation account")
    assert page.get_by_role("row", name="Cash").inner_text().endswith("¥1,234.00")
    assert page.get_by_role("row", name="2025").is_visible()
