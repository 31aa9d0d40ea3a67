"""The shared layout, in a real browser: the language switch works."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_the_layout_speaks_chinese_first_and_switches_to_english(
    browser_page: Any, live_server: Any
) -> None:
    page = browser_page
    # A missing page still renders the full layout, and is there on every branch.
    page.goto(f"{live_server.url}/no-such-page/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", level=1).inner_text() == "页面不存在"
    assert page.get_by_role("link", name="接口文档").is_visible()

    page.get_by_role("navigation", name="语言").get_by_role("link", name="English").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_role("link", name="API docs").is_visible()
    assert page.get_by_role("link", name="Skip to content").count() == 1


def test_the_stylesheet_and_htmx_are_served(browser_page: Any, live_server: Any) -> None:
    page = browser_page
    page.goto(f"{live_server.url}/no-such-page/")
    assert page.evaluate("typeof window.htmx") == "object"
    header_colour = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert header_colour == "rgb(13, 42, 74)"
