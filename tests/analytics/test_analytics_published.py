"""Published worked examples, reproduced to the precision at which they were published.

Each test names its source. Where no published figure was at hand (entropy, CRITIC),
the example is derived by hand inside the test from the method's defining paper,
step by step with the standard library, independently of the engine's vectorised code.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from iecommons.analytics import RANDOM_INDEX_TABLES, ahp, critic_weights, entropy_weights, topsis

# Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill. The "relative wealth
# of nations" matrix (U.S., U.S.S.R., China, France, U.K., Japan, W. Germany), reported
# with lambda_max = 7.61 and eigenvector .427 .230 .021 .052 .052 .123 .094 (three decimals).
WEALTH_OF_NATIONS = [
    [1, 4, 9, 6, 6, 5, 5],
    [1 / 4, 1, 7, 5, 5, 3, 4],
    [1 / 9, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 7, 1 / 5],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 6, 1 / 5, 5, 1, 1, 1 / 3, 1 / 3],
    [1 / 5, 1 / 3, 7, 3, 3, 1, 2],
    [1 / 5, 1 / 4, 5, 3, 3, 1 / 2, 1],
]


def test_it_reproduces_saatys_wealth_of_nations_priorities():
    result = ahp(WEALTH_OF_NATIONS)
    np.testing.assert_allclose(
        result.weights.round(3), [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]
    )
    assert round(result.lambda_max, 2) == 7.61
    assert result.consistent  # CI = 0.101, RI(7) = 1.32: CR = 0.077 < 0.1


def test_it_uses_the_ri_tables_as_published():
    # Saaty (1980), RI for n = 1..15; and the table of Chinese AHP textbooks.
    assert RANDOM_INDEX_TABLES["saaty"] == (
        0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
    )  # fmt: skip
    assert RANDOM_INDEX_TABLES["chinese_textbook"] == (
        0.0, 0.0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59,
    )  # fmt: skip


# Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
# Applications. Springer (Lecture Notes in Economics and Mathematical Systems 186).
# The fighter-aircraft example solved by TOPSIS: criteria maximum speed (Mach), ferry
# range (NM), maximum payload (lb), acquisition cost ($M, a cost), reliability and
# maneuverability (scores), weights 0.2, 0.1, 0.1, 0.1, 0.2, 0.3. Published relative
# closeness C* = 0.643, 0.268, 0.613, 0.312 (order A1 > A3 > A4 > A2).
FIGHTERS = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]


def test_it_reproduces_hwang_and_yoons_fighter_aircraft_topsis():
    result = topsis(FIGHTERS, [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], cost=[3])
    # The book works with intermediate values rounded to four decimals; unrounded, A3's
    # closeness is 0.61354, so agreement is to within one unit of the third decimal.
    np.testing.assert_allclose(result.closeness, [0.643, 0.268, 0.613, 0.312], atol=6e-4)
    assert result.ranks.tolist() == [1, 4, 2, 3]


def test_it_reproduces_the_ideal_points_of_the_r_mcda_topsis_example():
    # Bigaret, Hodgett, Meyer, Mironova & Olteanu, R package MCDA, help page of TOPSIS:
    # cars Corsa, Clio, Fiesta; purchase price (min), economy, aesthetics, boot capacity;
    # weights 0.35, 0.25, 0.25, 0.15; the example lists the positive and negative ideal
    # solutions to nine decimals.
    cars = [[5490, 51.4, 8.5, 285], [6500, 70.6, 7, 288], [6489, 54.3, 7.5, 290]]
    result = topsis(cars, [0.35, 0.25, 0.25, 0.15], cost=[0])
    np.testing.assert_allclose(
        result.details["ideal"],
        [0.179573776, 0.171636015, 0.159499658, 0.087302767],
        atol=5e-10,
    )
    np.testing.assert_allclose(
        result.details["anti_ideal"],
        [0.212610118, 0.124958799, 0.131352659, 0.085797547],
        atol=5e-10,
    )


def test_it_matches_the_entropy_method_worked_by_hand():
    # Entropy weights as defined by Zeleny (1982) and Hwang & Yoon (1981, sec. 4.1):
    # p_ij = x_ij / sum_i x_ij, e_j = -(1/ln m) sum_i p_ij ln p_ij, d_j = 1 - e_j,
    # w_j = d_j / sum d. Worked here with math.log, one column at a time.
    columns = [[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 6.0], [5.0, 4.0, 5.0, 4.0]]
    m = 4
    diversity = []
    for column in columns:
        total = sum(column)
        entropy = -sum(v / total * math.log(v / total) for v in column) / math.log(m)
        diversity.append(1 - entropy)
    expected = [d / sum(diversity) for d in diversity]
    result = entropy_weights(np.array(columns).T)
    np.testing.assert_allclose(result.weights, expected, rtol=1e-12)
    # The first column by hand: shares .1 .2 .3 .4, entropy 1.279854 / ln 4 = 0.923220.
    assert result.details["entropy"][0] == pytest.approx(0.923220, abs=1e-6)


def test_it_matches_the_critic_method_worked_by_hand():
    """CRITIC as defined by Diakoulaki, Mavrotas and Papayannakis (1995).

    Computers and Operations Research, volume 22, issue 7, pages 763 to 770. Each
    criterion is normalised from its worst value (0) to its best (1); its information
    is its standard deviation times the sum over the other criteria of one minus their
    correlation; weights are shares of the information. Worked with ``statistics``.
    """
    matrix = [
        [7.0, 30.0, 0.6],
        [9.0, 45.0, 0.4],
        [6.0, 20.0, 0.9],
        [8.0, 50.0, 0.7],
        [5.0, 25.0, 0.5],
    ]
    # The second criterion is a cost.
    cost = [False, True, False]
    normalised = []
    for j in range(3):
        column = [row[j] for row in matrix]
        best, worst = (min(column), max(column)) if cost[j] else (max(column), min(column))
        normalised.append([(v - worst) / (best - worst) for v in column])
    sigma = [statistics.pstdev(c) for c in normalised]
    information = [
        sigma[j] * sum(1 - statistics.correlation(normalised[j], normalised[k]) for k in range(3))
        for j in range(3)
    ]
    expected = [c / sum(information) for c in information]
    result = critic_weights(matrix, cost=[1])
    np.testing.assert_allclose(result.weights, expected, rtol=1e-10)
