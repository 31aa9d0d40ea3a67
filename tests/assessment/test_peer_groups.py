"""A community is compared with the smallest peer group of at least five (its field and
level, then its level, then all), and the page says which group was used — never "1 of 1"
against its own values."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from iecommons.assessment.engine import MIN_PEERS, RunInput, comparison_groups, evaluate
from iecommons.assessment.engine.reproduction import result_record
from iecommons.assessment.models import Result
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from tests.assessment.runs_world import assessment_world
from tests.fixtures import World


def make_input() -> RunInput:
    # 6 rail:provincial, 1 lone ict:provincial, 1 lone ict:national and 2 more nationals.
    groups = ["rail:provincial"] * 6 + ["ict:provincial", "ict:national"] + ["it:national"] * 2
    values = np.random.default_rng(3).uniform(1.0, 10.0, size=(len(groups), 3))
    return RunInput(
        community_ids=tuple(range(1, len(groups) + 1)),
        peer_groups=tuple(groups),
        indicator_codes=("A", "B", "C"),
        dimensions=("d", "d", "e"),
        weights=(0.5, 0.3, 0.2),
        cost=(False, False, True),
        values=tuple(tuple(float(v) for v in row) for row in values),
        draws=20,
    )


def test_the_group_is_widened_until_it_has_five() -> None:
    assert MIN_PEERS == 5
    assert comparison_groups(make_input().peer_groups) == [
        *["rail:provincial"] * 6,
        "*:provincial",  # 7 provincial communities
        "*",  # only 3 national ones: all 10
        "*",
        "*",
    ]


def test_a_lone_community_is_ranked_among_its_level_not_alone() -> None:
    run_input = make_input()
    results = {r.community_id: r for r in evaluate(run_input).results}
    lone = results[7]
    assert (lone.peer_group, lone.peer_count) == ("*:provincial", 7)
    provincial = sorted(range(1, 8), key=lambda pk: -results[pk].score)
    assert lone.peer_rank == provincial.index(7) + 1
    national = results[8]
    assert (national.peer_group, national.peer_count) == ("*", 10)
    assert national.peer_rank == national.rank
    assert results[1].peer_count == 6  # its own field and level is big enough


def test_the_peer_median_is_not_its_own_value() -> None:
    run_input = make_input()
    output = evaluate(run_input)
    lone = next(r for r in output.results if r.community_id == 7)
    provincial = np.array(run_input.values[:7])
    for weakness in lone.weaknesses:
        j = run_input.indicator_codes.index(weakness["code"])
        assert weakness["peer_median"] == pytest.approx(float(np.median(provincial[:, j])))
    assert set(output.peer_dimension_medians) == {"rail:provincial", "*:provincial", "*"}


@pytest.mark.django_db
def test_the_result_page_says_which_group_was_used(world: World) -> None:
    world.community_b.level = "national"  # the only national one: compared with all six
    world.community_b.save(update_fields=["level"])
    assessed = assessment_world(world)
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    result = Result.objects.get(run=run, community=world.community_b)
    assert (result.peer_group, result.peer_count) == ("*", 6)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.supervisor)
    html = client.get(
        reverse("assessment:result_detail", args=[run.pk, world.community_b.pk])
    ).content.decode()
    assert f"of {result.peer_count}" in html
    assert "all communities of the run: fewer than 5 of its level" in html


def test_the_record_names_the_group_the_worker_stored() -> None:
    record = result_record(next(r for r in evaluate(make_input()).results if r.community_id == 8))
    assert record["peer_group"] == "*"
