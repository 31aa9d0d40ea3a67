"""Fuzzy comprehensive evaluation, indicator trees, reliability, rank reversal."""

from __future__ import annotations

import numpy as np
import pytest

from iecommons.analytics import (
    IndicatorTree,
    cronbach_alpha,
    fuzzy_evaluate,
    fuzzy_memberships,
    hierarchy_scores,
    item_total_correlations,
    rank_reversal,
    triangular_grades,
)

R = [[0.2, 0.5, 0.3, 0.0], [0.1, 0.3, 0.5, 0.1], [0.0, 0.1, 0.6, 0.3]]
W = [0.5, 0.3, 0.2]


def test_the_weighted_average_operator_is_a_weighted_sum_of_memberships():
    result = fuzzy_evaluate(W, R, grade_names=["excellent", "good", "fair", "poor"])
    np.testing.assert_allclose(result.membership[0], [0.13, 0.36, 0.42, 0.09])
    assert result.grades == ("fair",)


def test_the_max_min_operator_takes_the_strongest_weighted_membership():
    result = fuzzy_evaluate(W, R, operator="max_min")
    np.testing.assert_allclose(result.raw_membership[0], [0.2, 0.5, 0.3, 0.2])
    np.testing.assert_allclose(result.membership[0], np.array([0.2, 0.5, 0.3, 0.2]) / 1.2)
    assert result.grade_index.tolist() == [1]


def test_grades_can_be_assigned_by_weighted_score():
    result = fuzzy_evaluate(
        W,
        R,
        grade_scores=[95, 85, 75, 60],
        assignment="weighted_score",
        grade_names=["excellent", "good", "fair", "poor"],
    )
    assert result.scores is not None
    assert result.scores[0] == pytest.approx(0.13 * 95 + 0.36 * 85 + 0.42 * 75 + 0.09 * 60)
    assert result.grades == ("fair",)  # 79.85 is nearer to 75 (fair) than to 85 (good)


def test_memberships_from_values_form_a_partition_for_triangular_grades():
    values = np.array([[55.0, 67.5, 90.0], [100.0, 75.0, 60.0]])
    mu = fuzzy_memberships(values, triangular_grades([60, 75, 90]))
    np.testing.assert_allclose(mu.sum(axis=-1), 1.0)
    np.testing.assert_allclose(mu[0, 1], [0.5, 0.5, 0.0])
    result = fuzzy_evaluate([0.4, 0.3, 0.3], values=values, grades=triangular_grades([60, 75, 90]))
    assert result.membership.shape == (2, 3)


def test_trapezoidal_grades_per_indicator():
    grades = [
        [[0, 0, 40, 60], [40, 60, 100, 100]],
        [[0, 0, 2, 4], [2, 4, 10, 10]],
    ]
    mu = fuzzy_memberships([[50.0, 3.0]], grades)
    np.testing.assert_allclose(mu[0], [[0.5, 0.5], [0.5, 0.5]])


def test_fuzzy_rejects_memberships_outside_zero_and_one():
    with pytest.raises(ValueError, match="outside"):
        fuzzy_evaluate([1.0], [[1.5, 0.0]])


def test_an_indicator_tree_turns_local_weights_into_global_ones():
    tree = IndicatorTree.from_dict(
        {
            "co-education": (0.5, {"order classes": 0.6, "shared courses": 0.4}),
            "research": (0.3, {"joint patents": 1.0}),
            "organisation": (0.2, {"council meetings": 0.5, "charter": 0.5}),
        }
    )
    np.testing.assert_allclose(tree.global_weights, [0.3, 0.2, 0.3, 0.1, 0.1])
    assert abs(tree.global_weights.sum() - 1) < 1e-12
    matrix = np.array([[1.0, 0.5, 0.0, 1.0, 1.0], [0.0, 1.0, 1.0, 0.0, 0.5]])
    scores = hierarchy_scores(tree, matrix)
    np.testing.assert_allclose(scores.dimension_scores, [[0.8, 0.0, 1.0], [0.4, 1.0, 0.25]])
    np.testing.assert_allclose(scores.total, matrix @ tree.global_weights)


def test_an_indicator_tree_rejects_local_weights_that_do_not_sum_to_one():
    with pytest.raises(ValueError, match="dimension 'a'"):
        IndicatorTree.from_dict({"a": (1.0, {"x": 0.5, "y": 0.6})})


def test_hierarchy_scores_name_an_unknown_criterion():
    tree = IndicatorTree.from_dict({"a": (1.0, {"x": 1.0})})
    with pytest.raises(ValueError, match="unknown criterion 'y'"):
        hierarchy_scores(tree, [[1.0]], criteria=["y"])


def test_cronbach_alpha_by_hand():
    # Variances 5/3, 19/12, 11/12; total variance 34/3: alpha = 1.5 (1 - 50/136).
    answers = [[1, 2, 1], [2, 3, 2], [3, 3, 3], [4, 5, 3]]
    result = cronbach_alpha(answers)
    assert result.alpha == pytest.approx(1.5 * (1 - (5 / 3 + 19 / 12 + 11 / 12) / (34 / 3)))
    total = np.sum(answers, axis=1)
    first = np.array(answers)[:, 0]
    expected = np.corrcoef(first, total - first)[0, 1]
    assert item_total_correlations(answers)[0] == pytest.approx(expected)
    assert result.alpha_if_deleted.shape == (3,)


def test_rank_reversal_is_detected_for_min_max_weighted_sum():
    # Removing A moves the minimum of the first criterion from 1 to 5: B (0.83 before)
    # falls to 0.70 while D stays at 0.75, now ahead of B.
    matrix = [[1.0, 8.0], [7.0, 10.0], [5.0, 6.0], [10.0, 8.0]]
    result = rank_reversal(matrix, [0.5, 0.5], method="wsm", alternatives=list("ABCD"))
    assert result.any
    assert ("A", "B", "D") in result.reversals
    assert result.counts.tolist()[0] == 1


def test_rank_reversal_finds_none_for_a_dominance_chain():
    matrix = [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0]]
    assert not rank_reversal(matrix, [0.5, 0.5], method="topsis").any
