"""Bad input raises ValueError naming the criterion, row or cell, and what was expected."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from iecommons.analytics import (
    combine_weights,
    critic_weights,
    cronbach_alpha,
    entropy_weights,
    normalize,
    proportional_allocation,
    shapley_values,
    topsis,
    weighted_sum,
)

MATRIX = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]]
NAMES = ["teachers", "courses", "cost"]


def test_it_names_the_cell_holding_nan():
    bad = np.array(MATRIX)
    bad[1, 2] = np.nan
    with pytest.raises(ValueError, match=r"row 1\), criterion 'cost' \(column 2\)"):
        topsis(bad, [0.3, 0.3, 0.4], criteria=NAMES)


def test_it_names_the_alternative_holding_infinity():
    bad = np.array(MATRIX)
    bad[2, 0] = np.inf
    with pytest.raises(ValueError, match=r"alternative 'C' \(row 2\)"):
        weighted_sum(bad, [0.3, 0.3, 0.4], alternatives=["A", "B", "C"])


def test_it_rejects_weights_that_do_not_sum_to_one_unless_asked_to_normalise():
    with pytest.raises(ValueError, match=r"sum to 2, expected 1"):
        topsis(MATRIX, [0.5, 0.5, 1.0])
    result = topsis(MATRIX, [0.5, 0.5, 1.0], normalize_weights=True)
    np.testing.assert_allclose(result.weights, [0.25, 0.25, 0.5])


def test_it_rejects_weights_of_the_wrong_length_and_negative_weights():
    with pytest.raises(ValueError, match="2 entries, expected one per criterion"):
        topsis(MATRIX, [0.5, 0.5])
    with pytest.raises(ValueError, match=r"criterion 'courses'.*non-negative"):
        topsis(MATRIX, [0.5, -0.5, 1.0], criteria=NAMES)


def test_it_rejects_an_unknown_criterion_name():
    with pytest.raises(ValueError, match="unknown criterion 'price'"):
        topsis(MATRIX, [0.3, 0.3, 0.4], cost=["price"], criteria=NAMES)


def test_cost_criteria_can_be_named():
    by_name = topsis(MATRIX, [0.3, 0.3, 0.4], cost=["cost"], criteria=NAMES)
    by_index = topsis(MATRIX, [0.3, 0.3, 0.4], cost=[2])
    np.testing.assert_array_equal(by_name.scores, by_index.scores)


def test_entropy_rejects_negative_values_and_zero_costs_naming_them():
    with pytest.raises(ValueError, match=r"-1 at row 0, criterion 'teachers'"):
        entropy_weights([[-1.0, 1.0], [2.0, 2.0]], criteria=["teachers", "courses"])
    with pytest.raises(ValueError, match=r"criterion 'C2' \(column 1\).*greater than 0"):
        entropy_weights([[1.0, 0.0], [2.0, 2.0]], cost=[1])


def test_entropy_takes_zeros_as_zero_information_share():
    result = entropy_weights([[0.0, 1.0], [0.0, 2.0], [5.0, 3.0]])
    # First column: one alternative holds everything, entropy 0, diversity 1.
    assert result.details["entropy"][0] == 0.0
    assert result.weights[0] > result.weights[1]


def test_constant_columns_get_zero_weight_and_all_constant_gives_equal_weights():
    result = entropy_weights([[1.0, 3.0], [2.0, 3.0], [4.0, 3.0]])
    assert result.weights[1] == 0.0
    np.testing.assert_allclose(entropy_weights([[2.0, 3.0], [2.0, 3.0]]).weights, [0.5, 0.5])
    np.testing.assert_allclose(critic_weights([[2.0, 3.0], [2.0, 3.0]]).weights, [0.5, 0.5])


def test_minmax_entropy_accepts_any_finite_values():
    result = entropy_weights([[-5.0, 1.0], [0.0, 2.0], [5.0, 4.0]], normalization="minmax")
    assert abs(result.weights.sum() - 1) < 1e-12


def test_it_rejects_a_matrix_of_the_wrong_shape_or_type():
    with pytest.raises(ValueError, match="2-D"):
        topsis([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="numbers"):
        topsis([["a", "b"]], [0.5, 0.5])


def test_vector_normalisation_rejects_an_all_zero_criterion():
    with pytest.raises(ValueError, match="criterion 'courses' is all zeros"):
        topsis([[1.0, 0.0], [2.0, 0.0]], [0.5, 0.5], criteria=["teachers", "courses"])


def test_normalisations_respect_direction():
    x = [[1.0, 10.0], [2.0, 20.0], [4.0, 40.0]]
    np.testing.assert_allclose(normalize(x, "max", cost=[1])[:, 1], [1.0, 0.5, 0.25])
    np.testing.assert_allclose(normalize(x, "sum")[:, 0], [1 / 7, 2 / 7, 4 / 7])
    np.testing.assert_allclose(normalize(x, "minmax", cost=[1])[:, 1], [1.0, 2 / 3, 0.0])
    np.testing.assert_allclose(normalize(x, "target", target=[2.0, 20.0])[:, 0], [2 / 3, 1, 1 / 3])
    with pytest.raises(ValueError, match="unknown normalisation"):
        normalize(x, "zscore")  # type: ignore[arg-type]


def test_combine_weights_linear_and_multiplicative():
    np.testing.assert_allclose(
        combine_weights([0.6, 0.4], [0.2, 0.8], alpha=0.25).weights, [0.3, 0.7]
    )
    np.testing.assert_allclose(
        combine_weights([0.6, 0.4], [0.2, 0.8], method="multiplicative").weights,
        [0.12 / 0.44, 0.32 / 0.44],
    )
    with pytest.raises(ValueError, match="alpha"):
        combine_weights([0.5, 0.5], [0.5, 0.5], alpha=2)


def test_shapley_names_a_missing_coalition():
    with pytest.raises(ValueError, match=r"no entry for coalition \['a', 'b'\]"):
        shapley_values({("a",): 1, ("b",): 2})


def test_shapley_refuses_exact_values_beyond_twenty_players():
    with pytest.raises(ValueError, match="limited to 20 players"):
        shapley_values(len, 21, method="exact")


def test_proportional_allocation_adds_up_exactly_after_rounding():
    result = proportional_allocation(1000.0, [3, 3, 3, 1], decimals=2)
    assert round(float(result.amounts.sum()), 2) == 1000.0
    with pytest.raises(ValueError, match="contribution of 'P2'"):
        proportional_allocation(10.0, [1, -1])


def test_cronbach_alpha_names_a_missing_answer():
    with pytest.raises(ValueError, match=r"row 1, criterion 'Q2'"):
        cronbach_alpha([[1, 2, 3], [2, np.nan, 3], [3, 4, 4]])


def test_importing_the_core_does_not_import_django():
    code = "import sys, iecommons.analytics; sys.exit('django' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603
    assert completed.returncode == 0
