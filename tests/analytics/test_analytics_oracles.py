"""Property tests against pymcdm and scikit-criteria where their definitions agree.

Where they disagree (pymcdm's CRITIC ignores cost criteria, its TOPSIS defaults to
min-max normalisation, its entropy rejects zeros) the tests say so and compare only
the shared case.
"""

from __future__ import annotations

import numpy as np
import pymcdm
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from skcriteria.agg.topsis import topsis as skc_topsis
from skcriteria.preprocessing.weighters import critic_weights as skc_critic
from skcriteria.preprocessing.weighters import entropy_weights as skc_entropy

from iecommons.analytics import critic_weights, entropy_weights, std_weights, topsis

SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def problems(draw, low=0.5, high=100.0):
    m = draw(st.integers(3, 12))
    n = draw(st.integers(2, 6))
    matrix = draw(arrays(np.float64, (m, n), elements=st.floats(low, high, allow_subnormal=False)))
    # Keep every column non-constant: the libraries divide by its spread.
    matrix[0] = low
    matrix[1] = high
    raw = draw(arrays(np.float64, n, elements=st.floats(0.05, 1.0)))
    cost = draw(arrays(np.bool_, n))
    return matrix, raw / raw.sum(), cost


@SETTINGS
@given(problems())
def test_entropy_agrees_with_pymcdm_and_scikit_criteria_on_benefit_criteria(problem):
    matrix, _, _ = problem
    ours = entropy_weights(matrix).weights
    np.testing.assert_allclose(ours, pymcdm.weights.entropy_weights(matrix), atol=1e-10)
    np.testing.assert_allclose(ours, skc_entropy(matrix), atol=1e-10)


@SETTINGS
@given(problems())
def test_critic_agrees_with_pymcdm_without_cost_and_with_scikit_criteria_with_cost(problem):
    matrix, _, cost = problem
    # Perfectly correlated criteria carry no information at all: both peers then divide
    # 0 by 0, where we return equal weights. Compare only the informative case.
    assume(critic_weights(matrix).details["information"].sum() > 1e-9)
    assume(critic_weights(matrix, cost=cost).details["information"].sum() > 1e-9)
    np.testing.assert_allclose(
        critic_weights(matrix).weights, pymcdm.weights.critic_weights(matrix), atol=1e-10
    )
    objectives = np.where(cost, -1, 1)
    np.testing.assert_allclose(
        critic_weights(matrix, cost=cost).weights, skc_critic(matrix, objectives), atol=1e-10
    )


@SETTINGS
@given(problems())
def test_raw_std_weights_agree_with_pymcdm(problem):
    matrix, _, _ = problem
    np.testing.assert_allclose(
        std_weights(matrix, normalization="none").weights,
        pymcdm.weights.standard_deviation_weights(matrix),
        atol=1e-10,
    )


@SETTINGS
@given(problems())
def test_topsis_agrees_with_pymcdm_given_vector_normalisation_and_with_scikit_criteria(problem):
    matrix, weights, cost = problem
    types = np.where(cost, -1, 1)
    ours = topsis(matrix, weights, cost=cost).closeness
    theirs = pymcdm.methods.TOPSIS(pymcdm.normalizations.vector_normalization)(
        matrix, weights, types
    )
    np.testing.assert_allclose(ours, theirs, atol=1e-10)
    normalised = matrix / np.sqrt((matrix**2).sum(axis=0))
    _, _, _, similarity = skc_topsis(normalised, types, weights)
    np.testing.assert_allclose(ours, similarity, atol=1e-10)


@SETTINGS
@given(problems())
def test_minmax_topsis_agrees_with_pymcdms_default(problem):
    matrix, weights, cost = problem
    types = np.where(cost, -1, 1)
    ours = topsis(matrix, weights, cost=cost, normalization="minmax").closeness
    np.testing.assert_allclose(ours, pymcdm.methods.TOPSIS()(matrix, weights, types), atol=1e-10)


def test_critic_differs_from_pymcdm_when_a_criterion_is_a_cost():
    # pymcdm's critic_weights ignores cost criteria; turning one around changes the
    # sign of its correlations, hence the weights.
    matrix = np.array([[1.0, 2.0, 9.0], [2.0, 5.0, 3.0], [3.0, 4.0, 4.0], [4.0, 9.0, 1.0]])
    ours = critic_weights(matrix, cost=[2]).weights
    assert not np.allclose(ours, pymcdm.weights.critic_weights(matrix))
