"""A secretariat at work in a real browser: admitting a member, and a bad import refused."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from iecommons.registry.models import Membership, Organization
from tests.factories import OrganizationFactory, city, valid_credit_code
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def test_a_secretariat_signs_in_and_admits_a_member(browser_page, live_server, world):
    organization = OrganizationFactory(name="常州浏览器测试装备有限公司", name_en="")
    page = browser_page
    manage = f"/communities/{world.community_a.pk}/manage/"
    _sign_in(page, live_server.url, "secretary", manage)
    page.get_by_role("link", name="Admit a member").or_(
        page.locator(f'a[href="/communities/{world.community_a.pk}/members/admit/"]')
    ).first.click()
    # The search suggests as one types (htmx); choosing a result fills in its code.
    page.fill("#organization-query", "浏览器测试装备")
    page.locator(f'[data-credit-code="{organization.credit_code}"]').click()
    assert page.input_value("#id_credit_code") == organization.credit_code
    page.select_option("#id_role", "council")
    page.fill("#id_duties", "共建实训基地")
    page.fill("#id_joined", "2024-03-01")
    page.locator("form.stack-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{manage}")
    row = page.locator("#member-list tr", has_text="常州浏览器测试装备有限公司")
    assert row.count() == 1
    assert "共建实训基地" in row.inner_text()
    assert Membership.objects.filter(
        community=world.community_a, organization=organization, left__isnull=True
    ).exists()


def test_a_bad_import_is_refused_with_its_row_report_and_nothing_written(
    browser_page, live_server, world, tmp_path
):
    city()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["名称", "统一社会信用代码", "类型", "地区", "加入日期"])
    sheet.append(["好公司", valid_credit_code(801), "enterprise", "常州市", "2024-01-02"])
    sheet.append(["坏代码公司", "91320400ABC", "enterprise", "常州市", "2024-01-02"])
    sheet.append(["火星公司", valid_credit_code(802), "enterprise", "火星市", "not a date"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "members.xlsx"
    path.write_bytes(buffer.getvalue())
    before = (Organization.objects.count(), Membership.objects.count())

    page = browser_page
    url = f"/communities/{world.community_a.pk}/import/"
    _sign_in(page, live_server.url, "secretary", url)
    page.set_input_files("#id_file", str(path))
    page.locator("form.stack-form button[type=submit]").click()
    report = page.locator("#import-problems")
    report.wait_for()
    rows = report.locator("tbody tr")
    assert rows.count() == 3
    text = report.inner_text()
    assert "91320400ABC" in text
    assert "火星市" in text
    assert "not a date" in text
    assert (Organization.objects.count(), Membership.objects.count()) == before


def test_on_a_phone_the_pages_do_not_scroll_sideways_and_registry_rows_are_labelled(
    browser_page, live_server, world
):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    manage = f"/communities/{world.community_a.pk}/manage/"
    _sign_in(page, live_server.url, "secretary", manage)
    # Wide tables scroll inside their frame; the page itself stays as wide as the phone
    # (hidden link text inside a table used to widen it to about 900 px).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Each registry row is a card whose facts carry their column's name.
    label = page.evaluate(
        "getComputedStyle(document.querySelector('.registry-table td'), '::before').content"
    )
    column = page.evaluate(
        "document.querySelectorAll('.registry-table thead th')[1].textContent.trim()"
    )
    assert column
    assert label == f'"{column}"'
