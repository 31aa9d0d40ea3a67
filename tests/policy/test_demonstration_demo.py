"""The demo's demonstration selections: from the 2025 published run, a final national list
with an upheld and a dismissed objection, and a provincial list under notice on the day."""

from __future__ import annotations

import pytest

from iecommons.policy import demonstration
from iecommons.policy.demo import Actors
from iecommons.policy.demo_demonstration import seed_demonstrations
from iecommons.policy.models import DemonstrationObjection, DemonstrationSelection
from iecommons.policy.selectors import demonstration as selectors
from tests.fixtures import World
from tests.policy.demonstration_world import TODAY, build

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_final_list_and_one_under_notice(world: World):
    demo = build(world)
    actors = Actors(
        operator=world.operator,
        national=world.supervisor,
        first_province=world.provincial_supervisor,
    )
    counts = seed_demonstrations(actors, world.community_a.province, TODAY)
    assert counts == {"demonstration selections": 2}
    national = DemonstrationSelection.objects.get(jurisdiction=None)
    assert national.status == DemonstrationSelection.Status.FINAL
    assert national.run == demo.run
    statuses = set(national.objections.values_list("status", flat=True))
    assert statuses == {"upheld", "dismissed"}
    assert national.entries.filter(outcome=demonstration.REMOVED).count() == 1
    assert national.inputs_sha256 == demonstration.inputs_hash(selectors.stored_inputs(national))
    provincial = DemonstrationSelection.objects.get(jurisdiction=world.community_a.province)
    assert provincial.status == DemonstrationSelection.Status.NOTICE
    assert provincial.notice_starts <= TODAY <= provincial.notice_ends
    assert provincial.objections.get().status == DemonstrationObjection.Status.DISMISSED


def test_without_a_published_2025_run_the_demo_seeds_none(world: World):
    actors = Actors(
        operator=world.operator,
        national=world.supervisor,
        first_province=world.provincial_supervisor,
    )
    assert seed_demonstrations(actors, world.community_a.province, TODAY) == {
        "demonstration selections": 0
    }
