"""Chinese names are in pinyin order wherever a list is ordered by name, not only in the
registry: the results table sorted by name, the assessment pickers, the desk's lists, the
talent and policy pickers (北京, 七台河, 上海: bei, qi, shang; by code point 七 U+4E03 and
上 U+4E0A come before 北 U+5317)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.assessment.forms.assignments import ExpertAssignmentForm
from iecommons.assessment.selectors.results import ResultFilter, result_rows
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.desk.selectors import community_desks
from iecommons.registry.models import Community, Organization
from tests.assessment.runs_world import assessment_world
from tests.factories import MembershipFactory, OrganizationFactory
from tests.fixtures import World

pytestmark = pytest.mark.django_db

PREFIXES = ["上海", "北京", "七台河"]  # code-point order: 七台河, 上海, 北京
PINYIN = ["北京", "七台河", "上海"]


def _rename(communities: list[Community]) -> None:
    for prefix, community in zip(PREFIXES, communities, strict=False):
        community.name = f"{prefix}产教融合共同体"
        community.save(update_fields=["name"])


def _prefixes(names: list[str]) -> list[str]:
    """The renamed names' prefixes, in the order listed (other names left out)."""
    return [prefix for name in names for prefix in PREFIXES if name.startswith(prefix)]


def test_the_results_table_sorted_by_name_is_in_pinyin_order(world: World) -> None:
    assessed = assessment_world(world)
    _rename(assessed.communities[2:5])
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    rows = result_rows(world.supervisor, run, ResultFilter(), sort="name")
    assert _prefixes([row.community.name for row in rows]) == PINYIN
    backwards = result_rows(world.supervisor, run, ResultFilter(), sort="-name")
    assert _prefixes([row.community.name for row in backwards]) == PINYIN[::-1]


def test_the_expert_assignment_picker_lists_communities_in_pinyin_order(world: World) -> None:
    assessed = assessment_world(world)
    _rename(assessed.communities[2:5])
    form = ExpertAssignmentForm(cycle=assessed.cycle)
    names = [community.name for community in form.fields["communities"].queryset]  # type: ignore[attr-defined]
    assert _prefixes(names) == PINYIN


def test_the_desk_lists_communities_in_pinyin_order(world: World) -> None:
    communities = [world.community_a, world.community_b]
    _rename(communities)
    desks = community_desks(frozenset(c.pk for c in communities), datetime.date(2026, 3, 1))
    assert _prefixes([desk.community.name for desk in desks]) == ["北京", "上海"]


def test_the_talent_list_picker_offers_members_in_pinyin_order(world: World) -> None:
    for name in ["上海电气集团", "北京理工大学", "七台河职业学院"]:
        MembershipFactory(community=world.community_a, organization=OrganizationFactory(name=name))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.secretary)
    html = client.get(reverse("talent:list_post", args=[world.community_a.pk])).content.decode()
    positions = [html.index(name) for name in ["北京理工大学", "七台河职业学院", "上海电气集团"]]
    assert positions == sorted(positions)
    assert Organization.objects.filter(name="上海电气集团").exists()
