"""The path to the next grade: each single change reaches the target and is minimal; the
combined path reaches it too, and nothing is promised beyond a criterion's range."""

from __future__ import annotations

import numpy as np
import pytest

from iecommons.analytics import grade_paths, topsis, weighted_sum


def _rank(scores: np.ndarray, row: int) -> int:
    return 1 + int(np.sum(np.delete(scores, row) > scores[row]))


def _scores(matrix, weights, method, cost=None, normalization="minmax"):
    if method == "topsis":
        return np.asarray(topsis(matrix, weights, cost=cost, normalization=normalization).scores)
    return np.asarray(weighted_sum(matrix, weights, cost=cost, normalization=normalization).scores)


def _with(matrix, row, column, value):
    changed = np.array(matrix, dtype=float)
    changed[row, column] = value
    return changed


@pytest.fixture
def field():
    generator = np.random.default_rng(7)
    return generator.uniform(10.0, 100.0, size=(40, 5)), np.array([0.3, 0.25, 0.2, 0.15, 0.1])


@pytest.mark.parametrize(("method", "normalization"), [("wsm", "minmax"), ("topsis", "vector")])
def test_each_single_change_lifts_the_community_to_the_target_rank_and_no_less_would(
    field, method, normalization
):
    matrix, weights = field
    scores = _scores(matrix, weights, method, normalization=normalization)
    row = int(np.argsort(scores)[5])  # a weak community
    target = _rank(scores, row) - 10
    path = grade_paths(
        matrix, weights, community=row, target_rank=target, method=method,
        normalization=normalization,
    )  # fmt: skip
    assert not path.achieved
    assert path.reachable.any()
    for j in np.flatnonzero(path.reachable):
        required = float(path.required[j])
        assert required > matrix[row, j]
        reached = _scores(_with(matrix, row, j, required), weights, method, None, normalization)
        assert _rank(reached, row) <= target
        # Minimal: a step below the answer (a thousandth of the range) falls short.
        step = 1e-3 * (path.bound[j] - matrix[row, j])
        short = _scores(
            _with(matrix, row, j, required - step), weights, method, None, normalization
        )
        assert _rank(short, row) > target


def test_a_criterion_whose_whole_range_is_not_enough_is_not_reachable():
    matrix = np.array([[10.0, 10.0], [9.0, 9.0], [1.0, 1.0]])
    path = grade_paths(
        matrix, [0.9, 0.1], community=2, target_rank=1, method="wsm", upper=[10.0, 10.0]
    )
    # Raising only the light criterion to the top of its range cannot beat the leader.
    assert not path.reachable[1]
    assert np.isnan(path.required[1])
    assert not path.reachable[0]  # reaching 10 draws level on one, not the other


def test_a_given_range_beyond_the_observed_values_makes_more_reachable():
    matrix = np.array([[10.0, 10.0], [9.0, 9.0], [1.0, 1.0]])
    within_observed = grade_paths(matrix, [0.9, 0.1], community=2, target_rank=1)
    assert not within_observed.reachable[0]
    wider = grade_paths(matrix, [0.9, 0.1], community=2, target_rank=1, upper=[30.0, 30.0])
    assert wider.reachable[0]
    assert wider.required[0] > 10.0


def test_a_cost_criterion_is_improved_by_lowering_it():
    matrix = np.array([[1.0, 5.0], [2.0, 6.0], [5.0, 9.0], [3.0, 7.0]])
    path = grade_paths(matrix, [0.5, 0.5], community=2, target_rank=3, cost=[True, True])
    assert path.reachable.any()
    assert np.all(path.required[path.reachable] < matrix[2, path.reachable])


def test_the_combined_path_reaches_the_target_and_costs_no_more_than_any_single_change(field):
    matrix, weights = field
    scores = _scores(matrix, weights, "wsm")
    row = int(np.argsort(scores)[8])
    target = _rank(scores, row) - 8
    path = grade_paths(matrix, weights, community=row, target_rank=target, method="wsm")
    assert path.combined is not None
    changed = np.array(matrix)
    changed[row] = path.combined
    assert _rank(_scores(changed, weights, "wsm"), row) <= target
    spread = matrix.max(axis=0) - matrix.min(axis=0)
    single_costs = [
        abs(path.required[j] - matrix[row, j]) / spread[j] for j in np.flatnonzero(path.reachable)
    ]
    assert path.combined_cost is not None
    assert path.combined_cost <= min(single_costs) + 1e-6


def test_a_community_already_there_needs_nothing():
    matrix = np.array([[10.0, 10.0], [1.0, 1.0]])
    path = grade_paths(matrix, [0.5, 0.5], community=0, target_rank=1)
    assert path.achieved
    assert np.array_equal(path.required, path.current)
    assert path.combined is None


def test_the_result_arrays_are_read_only():
    matrix = np.array([[10.0, 10.0], [9.0, 9.0], [1.0, 1.0]])
    path = grade_paths(matrix, [0.5, 0.5], community=2, target_rank=2)
    with pytest.raises(ValueError, match="read-only"):
        path.required[0] = 0.0


def test_a_caller_may_score_with_its_own_function():
    matrix = np.array([[10.0, 1.0], [6.0, 5.0], [2.0, 3.0], [4.0, 4.0]])
    path = grade_paths(
        matrix, [0.5, 0.5], community=2, target_score=0.5, scorer=lambda m: m[:, 0] / 10.0
    )
    assert path.required[0] == pytest.approx(5.0, abs=1e-6)
    assert not path.reachable[1]  # the scorer ignores the second column


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"community": 9, "target_rank": 1}, "community: row 9"),
        ({"community": 0}, "exactly one of target_score and target_rank"),
        ({"community": 0, "target_rank": 1, "target_score": 0.5}, "exactly one"),
        ({"community": 0, "target_rank": 7}, "target_rank: 7 is outside 1..3"),
        ({"community": 0, "target_rank": 1, "method": "vikor"}, "method: 'vikor'"),
        ({"community": 0, "target_rank": 1, "upper": [1.0]}, "upper: expected 2 values"),
    ],
)
def test_it_refuses_bad_arguments_naming_them(arguments, message):
    matrix = np.array([[10.0, 10.0], [9.0, 9.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match=message):
        grade_paths(matrix, [0.5, 0.5], **arguments)
