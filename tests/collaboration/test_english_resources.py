"""A resource's unit and location read in English for English readers (Chinese otherwise),
and an acronym in a field's English name stays an acronym inside a sentence."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.collaboration.models import Resource
from iecommons.registry.demo_texts import _lower_first
from tests.collaboration.conftest import make_resource
from tests.fixtures import World

pytestmark = pytest.mark.django_db


def test_unit_and_location_follow_the_readers_language(world: World):
    resource = make_resource(
        world.member_a,
        world.community_a,
        unit="台",
        unit_en="machines",
        location="常州市武进区",
        location_en="Wujin, Changzhou",
    )
    url = reverse("collaboration:resource_detail", args=[resource.pk])
    pages = {}
    for language in ("en", "zh-hans"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(world.secretary)
        pages[language] = client.get(url).content.decode()
    assert "machines" in pages["en"]
    assert "Wujin, Changzhou" in pages["en"]
    assert "常州市武进区" not in pages["en"]
    assert "常州市武进区" in pages["zh-hans"]
    assert "machines" not in pages["zh-hans"]


def test_an_acronym_keeps_its_capitals_inside_a_sentence():
    assert _lower_first("CNC Machine Tools and Robots") == "CNC Machine Tools and Robots"
    assert _lower_first("Rail Transit") == "rail Transit"


def test_the_name_follows_the_readers_language_in_the_list_and_the_page(world: World):
    resource = make_resource(
        world.member_a, world.community_a, name="数控实训中心", name_en="CNC Training Centre"
    )
    untranslated = make_resource(world.member_a, world.community_a, name="联合实验室")
    pages = {}
    for language in ("en", "zh-hans"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(world.secretary)
        detail = client.get(reverse("collaboration:resource_detail", args=[resource.pk]))
        listing = client.get(reverse("collaboration:resource_list", args=[world.community_a.pk]))
        pages[language] = detail.content.decode() + listing.content.decode()
    assert "CNC Training Centre" in pages["en"]
    assert "数控实训中心" not in pages["en"]
    assert "联合实验室" in pages["en"]  # no English name: the Chinese one
    assert untranslated.display_name == "联合实验室"
    assert "数控实训中心" in pages["zh-hans"]
    assert "CNC Training Centre" not in pages["zh-hans"]


def test_a_resource_is_offered_with_its_english_name(world: World):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.representative)
    response = client.post(
        reverse("collaboration:resource_create", args=[world.community_a.pk]),
        {
            "owner": world.member_a.pk,
            "name": "五轴加工中心",
            "name_en": "Five-axis machining centre",
            "type": "equipment",
            "capacity": 1,
            "terms": "free",
        },
    )
    assert response.status_code == 302
    assert Resource.objects.get(name="五轴加工中心").name_en == "Five-axis machining centre"
