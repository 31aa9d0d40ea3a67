"""The certification path in a real browser: the enterprise's representative applies with a
document, the province's supervisor certifies through the confirmation modal, and the
public list shows the enterprise with its next confirmation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from iecommons.policy.models import Certification
from tests.fixtures import PASSWORD
from tests.policy.certification_scene import ITEMS, PDF, jiangsu_criteria

pytestmark = pytest.mark.browser

# Generous waits, not timings: a loaded shared machine answers slowly.
WAIT_MS = 60_000


@pytest.fixture(autouse=True)
def _patient(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def _sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stack-form button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def test_apply_with_a_document_certify_in_the_modal_and_read_the_public_list(
    browser_page: Any, live_server: Any, world: Any, tmp_path: Any
) -> None:
    page, base = browser_page, live_server.url
    jiangsu_criteria(world)
    document = tmp_path / "共建协议.pdf"
    document.write_bytes(PDF)

    _sign_in(page, base, "representative", "/policy/certification/")
    page.get_by_role("link", name="Apply to enter the pool").click()
    page.wait_for_url(f"**/organizations/{world.member_a.pk}/certification/apply")
    page.get_by_label(f"1. {ITEMS[0]['text']}").fill("2022—2024 年累计投入 1,260 万元")
    page.get_by_label(f"2. {ITEMS[1]['text']}").fill("共建智能制造专业群")
    page.get_by_label("Document for 2").set_input_files(str(document))
    page.get_by_label(f"3. {ITEMS[2]['text']}").fill("每年接收岗位实习学生 120 人")
    page.get_by_role("button", name="Apply to enter the pool").click()
    page.wait_for_url("**/policy/certification/*/")
    expect(page.get_by_text("The application was received")).to_be_visible()
    expect(page.locator(".path-state")).to_have_text("In the cultivation pool")
    expect(page.get_by_role("link", name="共建协议.pdf")).to_be_visible()
    certification = Certification.objects.get(organization=world.member_a)

    detail = f"/policy/certification/{certification.pk}/"
    _sign_in(page, base, "jiangsu", detail)
    dialog = page.locator("#confirm-dialog")
    page.get_by_role("link", name="Certify", exact=True).click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("#confirm-dialog-title")).to_contain_text(world.member_a.name_en)
    expect(dialog).to_contain_text("Every one of the 3 criteria has its evidence.")
    expect(page).to_have_url(f"{base}{detail}")  # a dialog, not a new page
    dialog.locator("#id_reason").fill("经材料审核和现场核查，符合产教融合型企业认定条件。")
    dialog.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}{detail}")
    expect(page.locator(".path-state")).to_have_text("Certified")
    certification.refresh_from_db()
    due = certification.confirmation_due.isoformat()
    expect(page.locator(".next-confirmation")).to_have_text(due)

    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/policy/certified/")
    row = page.get_by_role("row", name=world.member_a.name)
    expect(row.get_by_role("cell", name=due)).to_be_visible()
    expect(row.get_by_role("cell", name=certification.certified_on.isoformat())).to_be_visible()
