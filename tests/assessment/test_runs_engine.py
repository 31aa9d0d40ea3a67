"""The run engine on plain values: reproducible numbers, missing data, imputation, gaps."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from iecommons.assessment.engine import (
    MissingDataError,
    RunInput,
    evaluate,
    grades_by_quota,
    input_hash,
)


def make_input(**changes: object) -> RunInput:
    rng = np.random.default_rng(7)
    values = rng.uniform(1.0, 10.0, size=(12, 4))
    base = RunInput(
        community_ids=tuple(range(101, 113)),
        peer_groups=tuple("rail:provincial" if i < 6 else "ict:municipal" for i in range(12)),
        indicator_codes=("G1", "G2", "T1", "T2"),
        dimensions=("governance", "governance", "talent", "talent"),
        weights=(0.3, 0.2, 0.4, 0.1),
        cost=(False, True, False, False),
        values=tuple(tuple(float(v) for v in row) for row in values),
        draws=50,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_the_same_input_gives_the_same_hash_and_every_number() -> None:
    first, second = evaluate(make_input()), evaluate(make_input())
    assert input_hash(make_input()) == input_hash(make_input())
    assert first == second


def test_the_hash_changes_with_any_value() -> None:
    changed = [list(row) for row in make_input().values]
    changed[3][2] += 1e-9
    assert input_hash(make_input()) != input_hash(
        make_input(values=tuple(tuple(row) for row in changed))
    )


def test_a_round_trip_through_json_keeps_the_hash() -> None:
    run_input = make_input()
    assert input_hash(RunInput.from_json(run_input.to_json())) == input_hash(run_input)


@pytest.mark.parametrize("method", ["topsis", "wsm", "fuzzy"])
def test_every_method_ranks_a_dominant_community_first(method: str) -> None:
    values = [list(row) for row in make_input().values]
    values[4] = [100.0, 0.5, 100.0, 100.0]  # best on every benefit, lowest cost
    run_input = make_input(
        values=tuple(tuple(row) for row in values),
        method=method,
        normalization="vector" if method == "topsis" else "minmax",
    )
    results = {r.community_id: r for r in evaluate(run_input).results}
    assert results[105].rank == 1
    assert results[105].peer_rank == 1
    assert results[105].grade == "excellent"


def test_missing_values_are_refused_naming_each_pair() -> None:
    values = [list(row) for row in make_input().values]
    values[0][1] = None
    values[5][3] = None
    with pytest.raises(MissingDataError) as raised:
        evaluate(make_input(values=tuple(tuple(row) for row in values)))
    assert raised.value.pairs == [(101, "G2"), (106, "T2")]


def test_peer_median_imputation_uses_the_peers_and_is_reported() -> None:
    values = [list(row) for row in make_input().values]
    values[0][2] = None
    output = evaluate(
        make_input(values=tuple(tuple(row) for row in values), imputation="peer_median")
    )
    expected = float(np.median([values[i][2] for i in range(1, 6)]))
    assert output.imputed == [(101, "T1", expected)]


def test_exclusion_drops_the_incomplete_community() -> None:
    values = [list(row) for row in make_input().values]
    values[2][0] = None
    output = evaluate(make_input(values=tuple(tuple(row) for row in values), imputation="exclude"))
    assert output.excluded == [103]
    assert 103 not in {r.community_id for r in output.results}


def test_the_weakest_indicator_is_the_largest_weighted_gap_to_the_peer_median() -> None:
    values = [[5.0, 5.0, 5.0, 5.0] for _ in range(12)]
    for row in values:
        row[0] += 0.01 * len(row)
    values[0] = [5.0, 5.0, 1.0, 4.0]  # far below the peers on T1 (weight 0.4), a little on T2
    values[1] = [6.0, 4.0, 6.0, 6.0]
    output = evaluate(make_input(values=tuple(tuple(row) for row in values)))
    weakest = next(r for r in output.results if r.community_id == 101).weaknesses
    assert [w["code"] for w in weakest[:2]] == ["T1", "T2"]
    assert weakest[0]["peer_median"] == 5.0


def test_quota_grading_gives_shares_by_rank() -> None:
    ranks = np.arange(1, 21)
    grades = grades_by_quota(ranks, (("a", 0.1), ("b", 0.4), ("c", 0.5)))
    assert grades.count("a") == 2
    assert grades.count("b") == 8
    assert grades.count("c") == 10


def test_score_grading_uses_the_boundaries() -> None:
    output = evaluate(make_input(grading="score", grades=(("excellent", 1000.0), ("fail", 0.0))))
    assert {r.grade for r in output.results} == {"fail"}


def test_dimension_scores_are_between_0_and_100_and_peers_have_medians() -> None:
    output = evaluate(make_input())
    for result in output.results:
        assert set(result.dimension_scores) == {"governance", "talent"}
        assert all(0.0 <= v <= 100.0 for v in result.dimension_scores.values())
    assert set(output.peer_dimension_medians) == {"rail:provincial", "ict:municipal"}
