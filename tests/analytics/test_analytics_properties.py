"""Known properties: weights, TOPSIS closeness, scaling invariance, Shapley axioms."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from iecommons.analytics import (
    critic_weights,
    entropy_weights,
    grey_relational,
    rank_stability,
    shapley_values,
    std_weights,
    topsis,
    weighted_sum,
)

SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def problems(draw):
    m = draw(st.integers(2, 10))
    n = draw(st.integers(1, 6))
    matrix = draw(arrays(np.float64, (m, n), elements=st.floats(0.01, 1000.0)))
    raw = draw(arrays(np.float64, n, elements=st.floats(0.01, 1.0)))
    cost = draw(arrays(np.bool_, n))
    return matrix, raw / raw.sum(), cost


@SETTINGS
@given(problems())
def test_objective_weights_are_non_negative_and_sum_to_one(problem):
    matrix, _, cost = problem
    for result in (
        entropy_weights(matrix, cost),
        entropy_weights(matrix, cost, normalization="minmax"),
        critic_weights(matrix, cost),
        std_weights(matrix),
    ):
        assert (result.weights >= 0).all()
        assert abs(result.weights.sum() - 1) < 1e-12


@SETTINGS
@given(problems())
def test_topsis_closeness_lies_between_zero_and_one(problem):
    matrix, weights, cost = problem
    closeness = topsis(matrix, weights, cost=cost).closeness
    assert ((closeness >= 0) & (closeness <= 1)).all()


@SETTINGS
@given(problems(), st.floats(0.001, 1000.0), st.data())
def test_rankings_do_not_change_when_a_criterion_is_rescaled(problem, factor, data):
    matrix, weights, cost = problem
    j = data.draw(st.integers(0, matrix.shape[1] - 1))
    scaled = matrix.copy()
    scaled[:, j] *= factor
    before = topsis(matrix, weights, cost=cost)
    after = topsis(scaled, weights, cost=cost)
    np.testing.assert_allclose(before.closeness, after.closeness, atol=1e-9)


@SETTINGS
@given(problems())
def test_scores_of_all_aggregations_are_finite_and_ranks_are_a_competition_ranking(problem):
    matrix, weights, cost = problem
    for result in (
        weighted_sum(matrix, weights, cost=cost),
        grey_relational(matrix, weights, cost=cost),
        topsis(matrix, weights, cost=cost),
    ):
        assert np.isfinite(result.scores).all()
        best = result.scores.max()
        assert (result.ranks[result.scores == best] == 1).all()


@st.composite
def games(draw):
    n = draw(st.integers(1, 7))
    table = draw(arrays(np.float64, 1 << n, elements=st.floats(-100, 100)))
    table[0] = 0.0
    return n, table


@settings(max_examples=30, deadline=None)
@given(games())
def test_shapley_values_are_efficient(game):
    _n, table = game
    result = shapley_values(table)
    assert abs(result.values.sum() - table[-1]) < 1e-9 * max(1.0, abs(table).max())


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 7), st.data())
def test_symmetric_players_get_the_same_value_and_a_null_player_gets_nothing(n, data):
    # A game that depends only on how many of the first n - 1 players are present:
    # those players are symmetric, and the last player adds nothing anywhere.
    by_size = data.draw(arrays(np.float64, n, elements=st.floats(-50, 50)))
    by_size[0] = 0.0
    masks = np.arange(1 << n)
    members = np.array([bin(mask & ((1 << (n - 1)) - 1)).count("1") for mask in masks])
    result = shapley_values(by_size[members])
    np.testing.assert_allclose(result.values[:-1], result.values[0], atol=1e-9)
    assert abs(result.values[-1]) < 1e-9


def test_exact_shapley_values_match_the_permutation_definition():
    rng = np.random.default_rng(3)
    n = 5
    table = rng.normal(size=1 << n)
    table[0] = 0.0
    expected = np.zeros(n)
    orders = list(itertools.permutations(range(n)))
    for order in orders:
        mask = 0
        for player in order:
            expected[player] += table[mask | 1 << player] - table[mask]
            mask |= 1 << player
    np.testing.assert_allclose(shapley_values(table).values, expected / len(orders))


def test_sampled_shapley_values_are_efficient_reproducible_and_close_to_exact():
    rng = np.random.default_rng(5)
    table = rng.normal(size=1 << 8)
    table[0] = 0.0
    exact = shapley_values(table).values
    first = shapley_values(table, method="sampling", permutations=4000, seed=11)
    second = shapley_values(table, method="sampling", permutations=4000, seed=11)
    np.testing.assert_array_equal(first.values, second.values)
    assert abs(first.values.sum() - table[-1]) < 1e-9
    assert (np.abs(first.values - exact) < 5 * first.standard_errors + 1e-12).all()


def test_rank_stability_rows_and_columns_are_distributions_and_seeded():
    rng = np.random.default_rng(0)
    matrix = rng.uniform(1, 10, (12, 5))
    weights = np.full(5, 0.2)
    for method in ("wsm", "topsis", "gra"):
        first = rank_stability(matrix, weights, method=method, draws=300, seed=4, cost=[1])
        again = rank_stability(matrix, weights, method=method, draws=300, seed=4, cost=[1])
        np.testing.assert_array_equal(first.probabilities, again.probabilities)
        np.testing.assert_allclose(first.probabilities.sum(axis=0), 1)
        np.testing.assert_allclose(first.probabilities.sum(axis=1), 1)


def test_rank_stability_base_ranks_are_the_method_ranks():
    rng = np.random.default_rng(1)
    matrix = rng.uniform(1, 10, (30, 6))
    weights = rng.dirichlet(np.ones(6))
    stability = rank_stability(matrix, weights, method="topsis", cost=[0, 2], draws=10, seed=0)
    assert stability.base_ranks.tolist() == topsis(matrix, weights, cost=[0, 2]).ranks.tolist()


def test_rank_stability_of_a_dominant_alternative_is_certain():
    matrix = [[9.0, 9.0, 9.0], [1.0, 5.0, 2.0], [2.0, 1.0, 5.0]]
    result = rank_stability(
        matrix, [0.3, 0.3, 0.4], draws=500, seed=2, perturbation="multiplicative"
    )
    assert result.keep_probability[0] == 1.0
    assert result.probabilities[0].tolist() == [1.0, 0.0, 0.0]
