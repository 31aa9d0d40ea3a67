"""Chinese names sort by pinyin (北京, 上海, 天津: bei, shang, tian), not by code point
(上 U+4E0A, 北 U+5317, 天 U+5929 would put 上海 first)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.common.collation import pinyin, pinyin_key
from iecommons.registry.models import Organization
from tests.factories import CommunityFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
NAMES = ["上海轨道交通产教融合共同体", "天津港口产教融合共同体", "北京信息技术产教融合共同体"]
PINYIN_ORDER = [
    "北京信息技术产教融合共同体",
    "上海轨道交通产教融合共同体",
    "天津港口产教融合共同体",
]


def test_the_sort_key_reads_pinyin():
    assert sorted(NAMES) != PINYIN_ORDER  # code-point order is wrong
    assert sorted(NAMES, key=pinyin_key) == PINYIN_ORDER
    assert sorted(["乌鲁木齐", "西安", "北京"], key=pinyin_key) == ["北京", "乌鲁木齐", "西安"]


def test_the_database_sorts_in_pinyin_order():
    for name in ["上海电气集团", "北京理工大学", "七台河职业学院"]:
        OrganizationFactory(name=name)
    ordered = list(Organization.objects.order_by(pinyin("name")).values_list("name", flat=True))
    assert ordered == ["北京理工大学", "七台河职业学院", "上海电气集团"]


def test_the_public_registry_lists_communities_in_pinyin_order():
    for name in NAMES:
        CommunityFactory(name=name)
    html = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(reverse("registry:community_list")).content
    text = html.decode()
    positions = [text.index(name) for name in PINYIN_ORDER]
    assert positions == sorted(positions)
