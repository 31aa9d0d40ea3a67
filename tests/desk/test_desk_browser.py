"""Each role signs in and lands on its desk, on a laptop and on a phone.

With ``DESK_SCREENSHOTS`` set to a directory, the pages are saved there to be looked at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import PASSWORD

pytestmark = pytest.mark.browser

ROLES = {
    "secretary": "Community A",
    "representative": "Member representative",
    "expert": "Judgments and verification",
    "provincial_supervisor": "Your jurisdiction",
}


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/desk/")


@pytest.mark.parametrize("person", list(ROLES))
def test_each_role_lands_on_its_desk_on_a_laptop_and_a_phone(
    browser_page, live_server, world, cycle, activity, person, tmp_path
):
    page = browser_page
    user = getattr(world, person)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    _sign_in(page, live_server.url, user.username)
    shots = Path(os.environ.get("DESK_SCREENSHOTS") or tmp_path)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        assert page.get_by_role("heading", name="My desk", level=1).is_visible()
        assert page.get_by_text(ROLES[person]).first.is_visible()
        # Nothing pushes the page sideways on a phone: wide tables scroll in their card.
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{person} at {width} px is {overflow} px wide"
        page.screenshot(path=str(shots / f"desk-{person}-{width}.png"), full_page=True)
    # Every figure opens a page the person may see.
    first_figure = page.locator('main section a[href^="/"]').first
    href = first_figure.get_attribute("href")
    response = page.goto(f"{live_server.url}{href}")
    assert response is not None
    assert response.status < 400, href
