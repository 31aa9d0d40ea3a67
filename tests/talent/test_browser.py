"""An internship round in a real browser: an enterprise posts a position, the college
publishes, a student ranks it, the college runs the matching, the student reads the result."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from iecommons.talent.matching import round_execute
from iecommons.talent.models import InternshipPosition, Placement, PlacementRound
from tests.talent.conftest import open_round

pytestmark = pytest.mark.browser


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Carry a Django session into the browser, and read the pages in English."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
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


def test_post_rank_run_and_read_the_result(browser_page: Any, live_server: Any, talent: Any):
    page = browser_page
    page.set_default_timeout(60_000)
    placement_round = open_round(talent)
    url = f"{live_server.url}/talent/rounds/{placement_round.pk}/"

    _sign_in(page, live_server, talent.hr)
    page.goto(url)
    page.get_by_label("Position", exact=True).fill("机器人装调实习")
    page.get_by_label("Interns wanted").fill("2")
    page.get_by_label("Majors accepted").fill("460305")
    page.get_by_label("Location", exact=True).fill("常州市武进区")
    page.get_by_label("Intern pay per month (yuan)").fill("3200")
    page.get_by_label("Wage of the same position (yuan)").fill("3600")
    page.get_by_label("Staff of the enterprise").fill("300")
    page.get_by_label("Staff in this position type").fill("30")
    page.get_by_label("Duration (months)").fill("6")
    page.get_by_label("Internship liability insurance").check()
    page.get_by_role("button", name="Post the position").click()
    assert page.get_by_role("rowheader", name="机器人装调实习").is_visible()
    position = InternshipPosition.objects.get(round=placement_round)

    _sign_in(page, live_server, talent.dean)
    page.goto(url)
    page.get_by_role("button", name="Check the rules and publish").click()
    page.get_by_role("button", name="Run the matching").wait_for()

    _sign_in(page, live_server, talent.student_user)
    page.goto(url)
    page.get_by_label("Choice 1").select_option(str(position.pk))
    page.get_by_role("button", name="Save my ranking").click()
    page.get_by_text("Your ranking is saved.").wait_for()

    _sign_in(page, live_server, talent.dean)
    page.goto(url)
    page.get_by_role("button", name="Run the matching").click()
    page.get_by_text("The matching is queued").wait_for()
    round_execute(round_id=placement_round.pk)  # what the job worker does

    _sign_in(page, live_server, talent.student_user)
    page.goto(url)
    result = page.locator("#own-result")
    assert "机器人装调实习" in result.inner_text()
    assert PlacementRound.objects.get(pk=placement_round.pk).status == "matched"
    assert Placement.objects.get(student=talent.students[0]).position == position


def test_the_supply_demand_chart_is_drawn_under_the_csp(
    browser_page: Any, live_server: Any, talent: Any
):
    import datetime

    from iecommons.talent.models import CollegeMajor
    from iecommons.talent.services import lists
    from tests.talent.conftest import ROBOTS

    community = talent.world.community_a
    for year, headcount in ((2025, 10), (2026, 20)):
        need = lists.talent_need_post(
            actor=talent.hr,
            community=community,
            organization=talent.enterprise,
            occupation_code="6-31-01-10",
            title="工业机器人系统运维员",
            skill_level="3",
            headcount=headcount,
            region=community.region,
            salary_min=6000,
            salary_max=9000,
            period_start=datetime.date(year, 3, 1),
            period_end=datetime.date(year, 12, 31),
            skills="机器人编程",
            major_codes=[ROBOTS],
        )
        lists.list_item_review(actor=talent.world.secretary, item=need, publish=True)
        CollegeMajor.objects.create(
            college=talent.college, major_code=ROBOTS, year=year, graduates=headcount * 2
        )
    page = browser_page
    page.set_default_timeout(60_000)
    page.goto(f"{live_server.url}/talent/community/{community.pk}/supply-demand/")
    page.locator("[data-chart='supply'] canvas").wait_for()
    assert page.locator("[data-chart='supply']").get_attribute("data-drawn") == "1"
    assert page.get_by_role("rowheader", name="2026").is_visible()
