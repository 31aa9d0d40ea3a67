"""A resource's unit and location read in English for English readers (Chinese otherwise),
and an acronym in a field's English name stays an acronym inside a sentence."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

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
