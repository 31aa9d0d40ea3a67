"""The secretariat finds a member in its table by name or credit code."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MembershipFactory, OrganizationFactory
from tests.fixtures import World

pytestmark = pytest.mark.django_db


def _table(world: World, **query: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.secretary)
    url = reverse("registry:community_manage", args=[world.community_a.pk])
    html = client.get(url, query).content.decode()
    return html.split('id="members-title"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def members(world: World) -> list:
    return [
        MembershipFactory(
            community=world.community_a, organization=OrganizationFactory(name=name)
        ).organization
        for name in ("常州数控机床有限公司", "无锡轨道交通职业学院")
    ]


def test_the_table_has_a_search_box(world: World, members):
    table = _table(world)
    assert 'name="q"' in table
    assert "常州数控机床有限公司" in table
    assert "无锡轨道交通职业学院" in table


def test_searching_a_name_keeps_only_the_matching_members(world: World, members):
    table = _table(world, q="数控")
    assert "常州数控机床有限公司" in table
    assert "无锡轨道交通职业学院" not in table
    assert 'value="数控"' in table


def test_searching_a_credit_code_finds_its_organisation(world: World, members):
    table = _table(world, q=members[1].credit_code[-8:])
    assert "无锡轨道交通职业学院" in table
    assert "常州数控机床有限公司" not in table


def test_a_search_that_matches_nothing_says_so(world: World, members):
    table = _table(world, q="不存在的单位")
    assert "没有与“不存在的单位”匹配的在册成员单位。" in table
