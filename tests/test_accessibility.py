"""Every main page, as each demo account sees it, passes axe-core in both languages.

axe-core (npm ``axe-core``, a dev dependency) runs inside chromium on the seeded demo; a
page fails on any violation of impact "serious" or "critical" (colour contrast included).
The same walk checks that no table cell is squeezed to one character a line, at a laptop's
width and a phone's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from iecommons.accounts.models import RoleAssignment
from iecommons.assessment.models import AssessmentCycle, Publication, RectificationTask
from iecommons.collaboration.models import Booking, Resource
from iecommons.policy.models import Certification, DemonstrationSelection
from iecommons.projects.models import Project
from iecommons.registry.demo import demo_accounts
from iecommons.registry.models import Community, Membership, Organization
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
LAPTOP, PHONE = 1366, 390

# The serious and critical violations of the page, one line each with a few of its nodes.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.help + " at " +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""

# Table cells (visible, two characters or more) whose text wraps one or two characters a
# line: the lines are counted from the text itself, not from the boxes (badges) around it.
SQUEEZED_CELLS = """() => [...document.querySelectorAll("td, th")].filter(cell => {
  const text = cell.innerText.replace(/\\s/g, "");
  const head = cell.closest("thead");
  if (text.length < 2 || cell.offsetParent === null) return false;
  // A heading row hidden on a phone (a stacking table) is clipped to a pixel.
  const hidden = element => element && element.getBoundingClientRect().width < 3;
  if (hidden(cell) || hidden(head)) return false;
  const size = parseFloat(getComputedStyle(cell).fontSize);
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const tops = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) if (rect.width > 0) tops.push(rect.top);
  }
  tops.sort((a, b) => a - b);
  const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > size * 0.6).length;
  return lines >= 2 && lines * 2 >= text.length;
}).map(cell => cell.innerText.trim().slice(0, 30))"""


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> dict[str, Any]:
    """The small demo, with the ids of the pages to visit."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--small", "--communities", "2", verbosity=0)
    rail = Community.objects.get(name__contains="轨道交通")
    run = Publication.objects.order_by("-pk").first().run
    return {
        "rail": rail,
        "organization": Organization.objects.filter(memberships__community=rail).first(),
        "membership": Membership.objects.filter(community=rail, left__isnull=True)
        .order_by("pk")
        .first(),
        # The member representative's own organisation (its participation account).
        "own_organization": RoleAssignment.objects.get(user__username="member").organization,
        "project": Project.objects.filter(community=rail).order_by("pk").first(),
        "resource": Resource.objects.filter(community=rail).order_by("pk").first(),
        "booking": Booking.objects.order_by("pk").first(),
        "cycle": AssessmentCycle.objects.order_by("-pk").first(),
        "run": run,
        "task": RectificationTask.objects.order_by("pk").first(),
        # The member's enterprise is certified, its confirmation due soon (policy/demo.py).
        "certification": Certification.objects.select_related("province").get(
            organization__role_assignments__user__username="member"
        ),
        "final_selection": DemonstrationSelection.objects.get(status="final"),
        "notice_selection": DemonstrationSelection.objects.get(status="notice"),
        "passwords": {username: password for _l, username, password, _s in demo_accounts()},
    }


def _paths(demo: dict[str, Any], role: str) -> list[str]:
    rail, cycle, run = demo["rail"], demo["cycle"], demo["run"]
    public = [
        reverse("registry:community_list"),
        reverse("registry:community_detail", args=[rail.pk]),
        reverse("registry:community_history", args=[rail.pk]),
        reverse("registry:organization_list"),
        reverse("registry:organization_detail", args=[demo["organization"].pk]),
        reverse("assessment:published_grades"),
        reverse("collaboration:community_home", args=[rail.pk]),
        reverse("collaboration:resource_list", args=[rail.pk]),
        reverse("collaboration:announcement_list", args=[rail.pk]),
        reverse("accounts:login"),
        reverse("policy:certified_list"),
        reverse("policy:demonstration_list"),
        reverse("policy:demonstration_detail", args=[demo["final_selection"].pk]),
    ]
    certification = demo["certification"]
    signed_in = [
        reverse("accounts:me"),
        reverse("accounts:tokens"),
        reverse("collaboration:notifications"),
    ]
    community_work = [
        reverse("collaboration:resource_detail", args=[demo["resource"].pk]),
        reverse("collaboration:thread_list", args=[rail.pk]),
        reverse("collaboration:document_list", args=[rail.pk]),
        reverse("collaboration:meeting_list", args=[rail.pk]),
        reverse("collaboration:booking_mine"),
        reverse("collaboration:booking_to_decide"),
        reverse("projects:community_projects", args=[rail.pk]),
        reverse("projects:project_detail", args=[demo["project"].pk]),
        reverse("projects:commitments", args=[rail.pk]),
    ]
    assessment = [
        reverse("assessment:cycle_list"),
        reverse("assessment:cycle_detail", args=[cycle.pk]),
        reverse("assessment:run_list", args=[run.cycle_id]),
        reverse("assessment:run_detail", args=[run.pk]),
        reverse("assessment:results_table", args=[run.pk]),
        reverse("assessment:result_detail", args=[run.pk, rail.pk]),
        reverse("assessment:rectification_list"),
    ]
    by_role = {
        "public": public,
        "secretariat": [
            *signed_in,
            reverse("registry:community_manage", args=[rail.pk]),
            reverse("registry:membership_admit", args=[rail.pk]),
            # a confirmation, as the page it is without JavaScript
            reverse("registry:membership_end", args=[rail.pk, demo["membership"].pk]),
            reverse("registry:member_import", args=[rail.pk]),
            *community_work,
            reverse("assessment:community_data", args=[cycle.pk, rail.pk]),
            reverse("assessment:survey_list", args=[cycle.pk]),
            reverse("assessment:rectification_list"),
        ],
        "member": [
            *signed_in,
            *community_work,
            reverse("projects:account", args=[demo["own_organization"].pk]),
            reverse("assessment:my_surveys"),
            reverse("policy:certification_list"),
            reverse("policy:certification_detail", args=[certification.pk]),
            # the objection form of a list under public notice
            reverse("policy:demonstration_detail", args=[demo["notice_selection"].pk]),
        ],
        "expert": [
            *signed_in,
            reverse("assessment:judgment_list", args=[cycle.pk]),
            reverse("assessment:verification_queue", args=[cycle.pk]),
        ],
        "supervisor": [
            *signed_in,
            *assessment,
            reverse("assessment:framework_list"),
            reverse("assessment:cycle_open"),
            reverse("assessment:expert_assignments", args=[cycle.pk]),
            reverse("assessment:run_start", args=[run.cycle_id]),
            reverse("registry:community_register"),
            # confirmations, as the pages they are without JavaScript
            reverse("assessment:publication_withdraw", args=[run.pk]),
            reverse("assessment:rectification_generate", args=[run.pk]),
            reverse("assessment:rectification_task_create", args=[run.pk]),
            reverse("registry:community_dissolve", args=[rail.pk]),
            reverse("policy:certification_list"),
            reverse("policy:certification_detail", args=[certification.pk]),
            reverse("policy:certification_confirm", args=[certification.pk]),
            reverse("policy:criteria_index"),
            reverse("policy:criteria_detail", args=[certification.province.code]),
            reverse("policy:demonstration_create"),
            reverse("policy:demonstration_candidates", args=[demo["final_selection"].pk]),
            reverse("policy:demonstration_detail", args=[demo["notice_selection"].pk]),
            reverse("policy:objection_answer", args=[demo["notice_selection"].objections.get().pk]),
            reverse("policy:demonstration_finalise", args=[demo["notice_selection"].pk]),
        ],
    }
    return [*by_role[role], *_ui_pages(demo, role)]


# --- ui (issue 9): each role's desk and the policy, talent and oversight main pages -------
# Kept apart so that other sessions add their own pages in blocks of their own.
def _ui_pages(demo: dict[str, Any], role: str) -> list[str]:
    from iecommons.policy.models import Application, IncentiveProgramme, PolicyScenario
    from iecommons.talent.models import Cohort

    rail = demo["rail"]
    programme = IncentiveProgramme.objects.exclude(status="draft").order_by("pk").first()
    scenario = PolicyScenario.objects.order_by("pk").first()
    cohort = Cohort.objects.filter(community=rail).order_by("pk").first()
    own = demo["own_organization"]
    application = Application.objects.filter(organization=own).order_by("pk").first()
    policy_public = [
        reverse("policy:programme_list"),
        reverse("policy:awards"),
        reverse("policy:certified_list"),
        reverse("policy:document_list"),
        reverse("dashboards:public"),
        reverse("oversight:open_data"),
    ]
    if programme is not None:
        policy_public.append(reverse("policy:programme_detail", args=[programme.pk]))
    talent = [
        reverse("talent:community_lists", args=[rail.pk]),
        reverse("talent:community_programmes", args=[rail.pk]),
        reverse("talent:community_supply", args=[rail.pk]),
    ]
    if cohort is not None:
        talent.append(reverse("talent:cohort_detail", args=[cohort.pk]))
    by_role = {
        "public": policy_public,
        "secretariat": [
            reverse("desk:home"),
            *talent,
            reverse("talent:list_post", args=[rail.pk]),
            reverse("reports:report_index"),
        ],
        "member": [
            reverse("desk:home"),
            reverse("policy:programme_list"),
            reverse("policy:application_list"),
            reverse("policy:calculator", args=[own.pk]),
            *([reverse("policy:application_detail", args=[application.pk])] if application else []),
        ],
        "expert": [reverse("desk:home")],
        "supervisor": [
            reverse("desk:home"),
            *policy_public,
            reverse("policy:application_list"),
            reverse("policy:board"),
            reverse("policy:scenario_list"),
            *([reverse("policy:scenario_detail", args=[scenario.pk])] if scenario else []),
            reverse("talent:supply_overview"),
            reverse("dashboards:supervisor_home"),
            reverse("reports:report_index"),
            reverse("reports:batch_start"),
        ],
    }
    return by_role[role]


# --- end of the ui block ------------------------------------------------------------------


def _walk(
    page: Any, base: str, paths: list[str], check: Callable[[str, str], list[str]]
) -> list[str]:
    problems = []
    for language in ("zh-hans", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        for path in paths:
            response = page.goto(base + path)
            assert response is not None, path
            assert response.status < 400, (path, response.status)
            page.wait_for_load_state("load")
            problems += [f"{language} {path}: {problem}" for problem in check(language, path)]
    return problems


@pytest.mark.parametrize("role", ["public", "secretariat", "member", "expert", "supervisor"])
def test_every_main_page_passes_axe_in_both_languages(
    browser_page: Any, live_server: Any, demo: dict[str, Any], role: str
) -> None:
    page = browser_page
    page.set_default_timeout(30_000)
    base = live_server.url
    if role != "public":
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", role)
        page.fill("#id_password", demo["passwords"][role])
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    axe = AXE.read_text(encoding="utf-8")

    def check(language: str, path: str) -> list[str]:
        found = []
        for width in (LAPTOP, PHONE):
            page.set_viewport_size({"width": width, "height": 900})
            if language == "zh-hans":
                found += [
                    f"{width} px, squeezed cell {text!r}" for text in page.evaluate(SQUEEZED_CELLS)
                ]
        page.set_viewport_size({"width": LAPTOP, "height": 900})
        page.evaluate(axe)
        return found + page.evaluate(RUN_AXE)

    problems = _walk(page, base, _paths(demo, role), check)
    assert not problems, "\n".join(problems)


def test_a_person_signs_in_by_keyboard_alone_and_sees_where_the_focus_is(
    browser_page: Any, live_server: Any, world: Any
) -> None:
    page = browser_page
    page.set_default_timeout(30_000)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    # On any page the first Tab reaches the skip link, which shows itself and leads to the content.
    page.goto(f"{live_server.url}/organizations/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"

    # The sign-in form starts in its first field; each field has its label; focus is visible.
    page.goto(f"{live_server.url}/accounts/login/?next=/accounts/me/")
    assert page.evaluate("document.activeElement.id") == "id_username"
    assert page.get_by_label("Username").count() == 1
    assert page.get_by_label("Password").count() == 1
    page.keyboard.type("secretary")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    outline = page.locator("#id_password").evaluate("field => getComputedStyle(field).outlineStyle")
    assert outline == "solid"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/accounts/me/")
    assert page.get_by_role("heading", level=1).inner_text() == "My roles"
