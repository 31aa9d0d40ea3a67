"""AHP: consistency, suggestions for inconsistent judgments, reciprocity, groups."""

from __future__ import annotations

import numpy as np
import pytest

from iecommons.analytics import ahp, group_ahp

CONSISTENT = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]


def test_a_consistent_matrix_has_lambda_n_and_zero_cr():
    result = ahp(CONSISTENT)
    np.testing.assert_allclose(result.weights, [4 / 7, 2 / 7, 1 / 7])
    assert result.lambda_max == pytest.approx(3.0)
    assert result.cr == pytest.approx(0.0, abs=1e-12)
    assert result.consistent
    assert result.suggestion is None


def test_the_geometric_mean_method_gives_the_same_priorities_for_a_consistent_matrix():
    np.testing.assert_allclose(
        ahp(CONSISTENT, method="geometric_mean").weights, [4 / 7, 2 / 7, 1 / 7]
    )


def test_it_says_which_ri_table_it_used_and_the_chinese_table_changes_cr():
    matrix = [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
    saaty = ahp(matrix)
    chinese = ahp(matrix, ri_table="chinese_textbook")
    assert (saaty.ri_table, saaty.ri) == ("saaty", 0.58)
    assert (chinese.ri_table, chinese.ri) == ("chinese_textbook", 0.52)
    assert chinese.cr == pytest.approx(saaty.ci / 0.52)


def test_an_inconsistent_matrix_is_reported_with_the_judgment_to_revise():
    # Consistent except one judgment: a[0, 3] should be 8 (2 * 2 * 2) but says 1/8.
    matrix = np.array(
        [[1, 2, 4, 1 / 8], [1 / 2, 1, 2, 4], [1 / 4, 1 / 2, 1, 2], [8, 1 / 4, 1 / 2, 1]]
    )
    result = ahp(matrix)
    assert not result.consistent
    assert result.cr >= 0.1
    revision = result.suggestion
    assert revision is not None
    assert (revision.row, revision.column) == (0, 3)
    assert revision.current == pytest.approx(1 / 8)
    assert revision.suggested == 8.0
    assert revision.cr_after < 0.1 < result.cr
    assert "C1, C4" in revision.describe()


def test_the_suggested_value_really_gives_the_reported_cr():
    matrix = np.array([[1, 9, 1 / 3], [1 / 9, 1, 5], [3, 1 / 5, 1]])
    result = ahp(matrix)
    revision = result.suggestion
    assert revision is not None
    fixed = matrix.copy()
    fixed[revision.row, revision.column] = revision.suggested
    fixed[revision.column, revision.row] = 1 / revision.suggested
    assert ahp(fixed).cr == pytest.approx(revision.cr_after)
    assert revision.cr_after < result.cr


def test_it_rejects_a_non_reciprocal_matrix_naming_the_cell():
    with pytest.raises(ValueError, match=r"not reciprocal at cell \(price, quality\)"):
        ahp([[1, 3], [3, 1]], criteria=["price", "quality"])


def test_it_rejects_a_diagonal_that_is_not_one():
    with pytest.raises(ValueError, match="diagonal"):
        ahp([[2, 1], [1, 1]])


def test_it_rejects_zero_negative_and_missing_judgments():
    with pytest.raises(ValueError, match=r"row 1, column 2"):
        ahp([[1, 0], [1, 1]])
    with pytest.raises(ValueError, match="positive finite"):
        ahp([[1, np.nan], [1, 1]])
    with pytest.raises(ValueError, match="square"):
        ahp([[1, 2, 3], [1, 1, 1]])


def test_it_accepts_rounded_reciprocals_within_the_tolerance():
    assert ahp([[1, 3], [0.333, 1]]).weights[0] == pytest.approx(0.75, abs=1e-3)


def test_it_refuses_a_matrix_larger_than_the_ri_table_unless_given_one():
    rng = np.random.default_rng(0)
    w = rng.uniform(1, 9, 16)
    matrix = np.outer(w, 1 / w)
    with pytest.raises(ValueError, match=r"covers n = 1..15"):
        ahp(matrix)
    result = ahp(matrix, ri_table=[0, 0, *[1.6] * 14])
    assert result.ri_table == "custom"
    assert result.cr == pytest.approx(0, abs=1e-9)


def test_fifteen_criteria_are_supported_with_both_tables():
    rng = np.random.default_rng(1)
    w = rng.uniform(1, 9, 15)
    matrix = np.outer(w, 1 / w)
    assert ahp(matrix).ri == 1.59
    assert ahp(matrix, ri_table="chinese_textbook").ri == 1.59


def test_group_ahp_aggregates_judgments_by_geometric_mean_and_keeps_each_cr():
    first = [[1, 2], [1 / 2, 1]]
    second = [[1, 8], [1 / 8, 1]]
    result = group_ahp([first, second])
    np.testing.assert_allclose(result.weights, [0.8, 0.2])  # sqrt(2 * 8) = 4
    assert len(result.experts) == 2
    assert [e.cr for e in result.experts] == [0.0, 0.0]
    assert result.group is not None


def test_group_ahp_can_aggregate_priorities_with_expert_weights():
    first = [[1, 3], [1 / 3, 1]]
    second = [[1, 1], [1, 1]]
    result = group_ahp([first, second], aggregation="priorities", expert_weights=[1.0, 0.0])
    np.testing.assert_allclose(result.weights, [0.75, 0.25])
    assert result.group is None


def test_group_ahp_names_an_expert_whose_matrix_is_bad():
    with pytest.raises(ValueError, match="expert 2's matrix"):
        group_ahp([[[1, 2], [1 / 2, 1]], [[1, 2], [2, 1]]])
