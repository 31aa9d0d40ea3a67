"""The open data's final demonstration lists: the communities of each final list in order
with the hashes that reproduce it; nothing of a draft or a list under notice; a list made
from grades later withdrawn leaves with them; finalising makes the package stale."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from iecommons.assessment.models import Publication
from iecommons.oversight.models import OpenDataRelease
from iecommons.oversight.opendata import freshness
from iecommons.oversight.opendata.resources import DEFAULT_RESOURCES, DEMONSTRATIONS
from iecommons.policy.services import demonstration as services
from tests.policy.demonstration_world import TODAY, build

pytestmark = pytest.mark.django_db


def _final(demo):
    selection = services.selection_publish(
        actor=demo.world.supervisor,
        selection=demo.create(),
        notice_starts=TODAY,
        notice_ends=TODAY,
        today=TODAY,
    )
    return services.selection_finalise(
        actor=demo.world.supervisor,
        selection=selection,
        today=TODAY + datetime.timedelta(days=1),
    )


def test_a_final_list_is_open_data_with_its_hashes(world):
    demo = build(world)
    draft = demo.create()
    assert list(DEMONSTRATIONS.rows()) == []
    OpenDataRelease.objects.create(version=1, descriptor_sha256="0" * 64, resources=[])
    assert not freshness.is_stale()
    final = _final(demo)
    assert freshness.is_stale()
    rows = list(DEMONSTRATIONS.rows())
    assert [row["community"] for row in rows] == [
        "甲共同体",
        "乙共同体",
        "示范候选C3",
        "示范候选C2",
    ]
    assert {row["selection_id"] for row in rows} == {final.pk}
    assert draft.pk != final.pk
    assert rows[0]["inputs_sha256"] == final.inputs_sha256
    assert rows[0]["run_sha256"] == demo.run.input_sha256
    assert set(rows[0]) == {column.name for column in DEMONSTRATIONS.columns}
    assert DEMONSTRATIONS in DEFAULT_RESOURCES


def test_a_list_from_withdrawn_grades_leaves_the_open_data(world):
    demo = build(world)
    _final(demo)
    Publication.objects.filter(pk=demo.publication.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="数据有误"
    )
    assert list(DEMONSTRATIONS.rows()) == []
