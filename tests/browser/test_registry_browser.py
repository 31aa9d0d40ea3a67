"""The public registry in a real browser: live search and filters, a community page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from iecommons.registry.models import CouncilSeat
from tests.factories import (
    CommunityFactory,
    CouncilSeatFactory,
    MembershipFactory,
    OrganizationFactory,
    city,
    shenzhen,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def registry(transactional_db: None) -> dict[str, Any]:
    changzhou = CommunityFactory(name="常州轨道交通产教融合共同体", name_en="Changzhou Rail")
    suzhou = CommunityFactory(
        name="苏州机器人产教融合共同体", name_en="Suzhou Robots", region=city("320500", "苏州市")
    )
    shenzhen_community = CommunityFactory(
        name="深圳新能源产教融合共同体", name_en="Shenzhen Energy", region=shenzhen()
    )
    MembershipFactory(
        community=shenzhen_community, organization=OrganizationFactory(name="鹏城储能科技有限公司")
    )
    return {"changzhou": changzhou, "suzhou": suzhou, "shenzhen": shenzhen_community}


def result_names(page: Any) -> list[str]:
    return page.locator("#results tbody th[scope=row] a").all_inner_texts()


def test_typing_in_the_search_box_updates_the_results_without_reloading(
    browser_page: Any, live_server: Any, registry: dict[str, Any]
) -> None:
    page = browser_page
    # The test server's first page also loads templates and catalogues: slow on a busy machine.
    page.goto(live_server.url + "/", timeout=60_000)
    assert len(result_names(page)) == 3
    page.evaluate("window.stillTheSamePage = true")

    page.locator("#id_q").press_sequentially("鹏城储能")
    expect(page.locator("#results tbody th[scope=row]")).to_have_count(1)

    assert result_names(page) == ["深圳新能源产教融合共同体"]
    assert page.evaluate("window.stillTheSamePage") is True
    assert "q=" in page.url  # the URL follows, so the search can be shared and reloaded


def test_choosing_a_province_updates_the_cities_and_filters_the_results(
    browser_page: Any, live_server: Any, registry: dict[str, Any]
) -> None:
    page = browser_page
    page.goto(live_server.url + "/")
    page.evaluate("window.stillTheSamePage = true")

    page.locator("#id_province").select_option("320000")
    expect(page.locator("#results tbody th[scope=row]")).to_have_count(2)
    cities = page.locator("#id_city option").all_inner_texts()
    assert any("常州" in name for name in cities)
    assert not any("深圳" in name for name in cities)
    assert sorted(result_names(page)) == sorted(
        ["常州轨道交通产教融合共同体", "苏州机器人产教融合共同体"]
    )

    page.locator("#id_city").select_option("320500")
    expect(page.locator("#results tbody th[scope=row]")).to_have_count(1)
    assert result_names(page) == ["苏州机器人产教融合共同体"]
    assert page.evaluate("window.stillTheSamePage") is True

    # The pushed URL reloads to the same results, as a whole page.
    page.reload()
    assert result_names(page) == ["苏州机器人产教融合共同体"]
    assert page.locator("#id_city").input_value() == "320500"


def test_a_community_page_shows_its_council_and_members(
    browser_page: Any, live_server: Any, registry: dict[str, Any]
) -> None:
    community = registry["changzhou"]
    for _number in range(2):
        MembershipFactory(community=community)
    chair = MembershipFactory(community=community, organization__name="中车测试股份有限公司")
    CouncilSeatFactory(
        community=community,
        person__name="王理事长",
        person__organization=chair.organization,
        organization=chair.organization,
        position=CouncilSeat.Position.CHAIR,
    )
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="常州轨道交通产教融合共同体").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", level=1).inner_text() == "常州轨道交通产教融合共同体"
    council = page.locator("#council")
    assert council.get_by_text("王理事长").is_visible()
    members = page.locator("#members")
    assert members.get_by_role("link", name="中车测试股份有限公司").is_visible()
    assert "3" in members.locator(".member-summary").inner_text()


def test_the_next_page_of_results_comes_without_a_reload(
    browser_page: Any, live_server: Any, registry: dict[str, Any]
) -> None:
    CommunityFactory.create_batch(30, region=shenzhen())
    page = browser_page
    page.goto(live_server.url + "/?province=440000")
    page.evaluate("window.stillTheSamePage = true")
    first_page = result_names(page)

    page.locator("#results a[rel=next]").click()
    page.wait_for_url("**page=2")
    expect(page.locator("#results tbody th[scope=row]")).to_have_count(6)

    assert not set(result_names(page)) & set(first_page)
    assert page.evaluate("window.stillTheSamePage") is True
