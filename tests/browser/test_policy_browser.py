"""Pages under the Content-Security-Policy in a real browser: the API docs, the admin, the
language switch. (The browser fixture fails any test whose page had something blocked.)"""

from __future__ import annotations

import pytest

from tests.factories import CommunityFactory, UserFactory

pytestmark = pytest.mark.browser


def test_the_api_docs_render_from_the_platforms_own_files(browser_page, live_server):
    requested: list[str] = []
    browser_page.on("request", lambda request: requested.append(request.url))
    # Swagger UI is 1.5 MB of script, slow from the test server on a busy machine.
    browser_page.goto(live_server.url + "/api/docs", timeout=90_000)
    browser_page.locator(".swagger-ui .info .title").wait_for(timeout=60_000)
    assert "IE Commons API" in browser_page.locator(".swagger-ui .info .title").inner_text()
    browser_page.locator(".opblock").first.wait_for()
    assert all(url.startswith(live_server.url) for url in requested), requested


def test_the_language_links_switch_a_cached_page_to_english_and_back(browser_page, live_server):
    CommunityFactory(name="常州轨道交通产教融合共同体", name_en="Changzhou Rail")
    browser_page.goto(live_server.url + "/")
    browser_page.goto(live_server.url + "/")  # now from the page cache
    browser_page.get_by_role("link", name="English").click()
    browser_page.wait_for_url(live_server.url + "/")
    assert browser_page.locator("html").get_attribute("lang") == "en"
    assert "Changzhou Rail" in browser_page.content()
    browser_page.get_by_role("link", name="简体中文").click()
    browser_page.wait_for_url(live_server.url + "/")
    assert browser_page.locator("html").get_attribute("lang") == "zh-hans"


def test_the_admin_works_under_the_policy(browser_page, live_server):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    browser_page.goto(live_server.url + "/admin/login/")
    browser_page.fill("#id_username", "root")
    browser_page.fill("#id_password", "correct horse battery")
    browser_page.click("input[type=submit]")
    browser_page.wait_for_url(live_server.url + "/admin/")
    browser_page.goto(live_server.url + "/admin/registry/community/")
    browser_page.locator("#result_list, .paginator").first.wait_for()
