"""The national dashboard in a real browser: its charts and the tile-grid map are drawn,
clicking Jiangsu's tile drills down to Jiangsu's dashboard, and the public version does the
same for anyone. ``SCREENSHOT_DIR`` keeps the screenshots for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from iecommons.oversight.dashboards.services import dashboards_compute_all
from iecommons.oversight.dashboards.tilegrid import TILES
from tests.oversight.dashboard_world import TODAY
from tests.test_accessibility import AXE, PHONE, RUN_AXE, SQUEEZED_CELLS

pytestmark = pytest.mark.browser

JIANGSU = "320000"


def _sign_in(page: Any, live_server: Any, user: Any, language: str) -> None:
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
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
    page.context.clear_cookies()
    page.context.add_cookies(cookies)


def _click_tile(page: Any, code: str) -> None:
    """Click the centre of a division's tile, where ECharts drew it."""
    column, row, _zh, _en = TILES[code]
    page.wait_for_selector('[data-chart="tiles"][data-drawn="1"]')
    box = page.locator('[data-chart="tiles"]').bounding_box()
    x, y = page.evaluate(
        """([column, row]) => {
            const element = document.querySelector('[data-chart="tiles"]');
            return window.echarts.getInstanceByDom(element)
                .convertToPixel({seriesIndex: 0}, [column, row]);
        }""",
        [column, row],
    )
    page.mouse.click(box["x"] + x, box["y"] + y)


def _shots(tmp_path: Path) -> Path:
    directory = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_the_supervisor_drills_down_from_the_map(
    browser_page: Any, live_server: Any, dashboard_world: Any, tmp_path: Path
):
    page = browser_page
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 1366, "height": 900})
    dashboards_compute_all(today=TODAY)
    _sign_in(page, live_server, dashboard_world.world.supervisor, "en")
    page.goto(f"{live_server.url}/dashboards/supervise/national/")
    assert page.get_by_role("heading", name="Dashboard: National").is_visible()
    for source in ("chart-level", "chart-founded", "chart-members", "chart-grades"):
        page.wait_for_selector(f'[data-source="{source}"][data-drawn="1"]')
    page.screenshot(
        path=str(_shots(tmp_path) / "dashboard-national-supervisor.png"), full_page=True
    )
    _click_tile(page, JIANGSU)
    page.wait_for_url(f"**/dashboards/supervise/{JIANGSU}/")
    assert page.get_by_role("heading", name="Dashboard: Jiangsu").is_visible()
    assert page.locator('[data-figure="communities"]').inner_text() == "2"
    assert page.get_by_role("link", name="Changzhou").first.is_visible()


def test_anyone_drills_down_from_the_public_map_in_chinese(
    browser_page: Any, live_server: Any, dashboard_world: Any, tmp_path: Path
):
    page = browser_page
    page.set_default_timeout(60_000)
    page.set_viewport_size({"width": 1366, "height": 900})
    dashboards_compute_all(today=TODAY)
    _sign_in(page, live_server, None, "zh-hans")
    page.goto(f"{live_server.url}/dashboards/")
    assert page.get_by_role("heading", name="监测看板：全国").is_visible()
    page.wait_for_selector('[data-chart="tiles"][data-drawn="1"]')
    page.screenshot(path=str(_shots(tmp_path) / "dashboard-national-public-zh.png"), full_page=True)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate(RUN_AXE) == []  # no serious or critical accessibility problem
    page.set_viewport_size({"width": PHONE, "height": 900})
    assert page.evaluate(SQUEEZED_CELLS) == []
    page.set_viewport_size({"width": 1366, "height": 900})
    _click_tile(page, JIANGSU)
    page.wait_for_url(f"**/dashboards/{JIANGSU}/")
    assert page.get_by_role("heading", name="监测看板：江苏省").is_visible()
    assert not page.get_by_text("监管版").is_visible()  # nothing for supervisors here
