"""The evolutionary-game engine against hand-derived cases.

The default model is the government–enterprise–college game documented in
``iecommons.analytics.games.model`` and ``docs/games.md`` (structure after Liu, Wang &
Dai, Sustainability 15(18):13997, 2023, and Zhang, PLOS ONE 19(1):e0294742, 2024).
With its default parameters (C_g=2, S_e=2, S_c=1, F_e=2.5, F_c=1, W=6, L=2, R_e=3,
C_e=4, R_c=2.5, C_c=3) the payoff differences expand by hand to

    ΔU_x = 3.5 - 4.5 y - 2 z + 4 y z
    ΔU_y = 3 z - 4 + 4.5 x
    ΔU_z = 2.5 y - 3 + 2 x

and at a corner the eigenvalues are (1 - 2 s_i) ΔU_i (Friedman 1991: the
off-diagonal entries carry s(1 - s) = 0).
"""

from __future__ import annotations

import numpy as np
import pytest

from iecommons.analytics.games import (
    CORNERS,
    ExpressionError,
    UndefinedError,
    corner_stability,
    default_model,
    game_model,
    jacobian,
    parse,
    sweep,
    trajectory,
)


def by_hand(x: float, y: float, z: float) -> np.ndarray:
    return np.array([3.5 - 4.5 * y - 2 * z + 4 * y * z, 3 * z - 4 + 4.5 * x, 2.5 * y - 3 + 2 * x])


def test_corner_eigenvalues_match_the_hand_derivation():
    corners = corner_stability(default_model())
    assert [c.corner for c in corners] == list(CORNERS)
    for result in corners:
        corner = np.array(result.corner, dtype=float)
        expected = (1 - 2 * corner) * by_hand(*corner)
        np.testing.assert_allclose(np.sort(result.eigenvalues), np.sort(expected))
    stability = {c.label: c.stability for c in corners}
    assert stability["(1, 1, 1)"] == "stable"
    assert stability["(0, 1, 1)"] == "unstable"  # eigenvalues 1, 1, 0.5
    assert stability["(0, 0, 0)"] == "saddle"  # 3.5, -4, -3
    assert [c.label for c in corners if c.is_ess] == ["(1, 1, 1)"]


def test_without_incentives_the_government_acts_alone():
    # S_e = F_e = 0: ΔU_y at (1, 0, 0) is -4 < 0, so deep participation dies out, and
    # (1, 1, 1) loses stability since ΔU_y(1, 1, 1) = 3 - 4 = -1 turns its eigenvalue to +1.
    corners = {c.label: c for c in corner_stability(default_model(), {"S_e": 0, "F_e": 0})}
    assert [label for label, c in corners.items() if c.is_ess] == ["(1, 0, 0)"]
    np.testing.assert_allclose(sorted(corners["(1, 1, 1)"].eigenvalues), [-3.0, -1.5, 1.0])


def test_a_zero_eigenvalue_is_reported_undecided_not_guessed():
    # S_e = 3 makes ΔU_x(1, 1, 1) = 3 - S_e = 0.
    corners = {c.label: c for c in corner_stability(default_model(), {"S_e": 3})}
    assert corners["(1, 1, 1)"].stability == "undecided"


def test_the_symbolic_jacobian_matches_finite_differences_inside_the_cube():
    model = default_model()
    state = np.array([0.3, 0.6, 0.45])

    def rate(s):
        return s * (1 - s) * by_hand(*s)

    h = 1e-6
    numeric = np.column_stack(
        [(rate(state + h * e) - rate(state - h * e)) / (2 * h) for e in np.eye(3)]
    )
    np.testing.assert_allclose(jacobian(model, state), numeric, atol=1e-8)


def test_a_trajectory_follows_the_closed_form_logistic_solution():
    # Constant payoff differences a, b, c give x(t) = x0 e^{at} / (1 - x0 + x0 e^{at}).
    model = game_model(
        {"government": "a", "enterprises": "b", "colleges": "c"}, {"a": 0.5, "b": -0.3, "c": 1}
    )
    path = trajectory(model, [0.2, 0.7, 0.5], t_end=10, points=11)
    t = path.times
    for column, (x0, rate) in enumerate([(0.2, 0.5), (0.7, -0.3), (0.5, 1.0)]):
        exact = x0 * np.exp(rate * t) / (1 - x0 + x0 * np.exp(rate * t))
        np.testing.assert_allclose(path.shares[:, column], exact, rtol=1e-6)


def test_the_default_model_converges_to_full_participation_from_the_middle():
    path = trajectory(default_model(), [0.5, 0.5, 0.5], t_end=100)
    assert path.final_corner == "(1, 1, 1)"
    assert path.shares.shape == (201, 3)
    assert not path.shares.flags.writeable


def test_the_sweep_agrees_with_solve_ivp_and_is_read_only():
    model = default_model()
    values = [0.0, 1.0, 2.0]
    grid = sweep(model, ("S_e", values), ("F_e", values), t_end=60)
    assert grid.final_shares.shape == (3, 3, 3)
    assert not grid.final_shares.flags.writeable
    assert not grid.corner_index.flags.writeable
    for i, s in enumerate(values):
        for j, f in enumerate(values):
            reference = trajectory(
                model, [0.5] * 3, parameters={"S_e": s, "F_e": f}, t_end=60, rtol=1e-10, atol=1e-12
            )
            np.testing.assert_allclose(grid.final_shares[i, j], reference.shares[-1], atol=1e-5)
            index = int(grid.corner_index[i, j])
            assert (grid.corner_labels[index] if index >= 0 else None) == reference.final_corner


def test_a_model_that_is_not_polynomial_in_the_shares_sweeps_too():
    model = game_model(
        {"government": "a / (1 + y)", "enterprises": "min(x, 0.5) * b - c", "colleges": "y - k"},
        {"a": 1.0, "b": 2.0, "c": 0.5, "k": 0.2},
    )
    grid = sweep(model, ("b", [0.0, 2.0]), ("c", [0.5, 0.6]), t_end=40)
    reference = trajectory(model, [0.5] * 3, parameters={"b": 2.0, "c": 0.5}, t_end=40)
    np.testing.assert_allclose(grid.final_shares[1, 0], reference.shares[-1], atol=1e-5)


@pytest.mark.parametrize(
    ("text", "token", "why"),
    [
        ("x + Q", "'Q'", "unknown name"),
        ("exp(x)", "'exp'", "calls are not allowed"),
        ("__import__(x)", "'__import__'", "calls are not allowed"),
        ("x.real", "'.'", "attribute access is not allowed"),
        ("x[0]", "'['", "indexing is not allowed"),
        ("'a' * 3", '"\'"', "strings are not allowed"),
        ("x ^ 2", "'^'", "write powers as **"),
        ("x +", "'end of text'", "ends too early"),
        ("(x", "'end of text'", "ends too early"),
        ("x y", "'y'", "unexpected token"),
        ("min(x)", "'min'", "at least two arguments"),
        ("lambda: 1", "'lambda'", "unknown name"),
    ],
)
def test_the_parser_refuses_naming_the_token(text, token, why):
    with pytest.raises(ExpressionError) as error:
        parse(text, {"x", "y"}, what="payoff difference of government")
    message = str(error.value)
    assert token in message
    assert why in message
    assert message.startswith("payoff difference of government")


def test_a_model_refuses_unknown_and_reserved_names():
    with pytest.raises(ExpressionError, match="payoff difference of colleges: unknown name"):
        game_model({"government": "a", "enterprises": "a", "colleges": "b"}, {"a": 1})
    with pytest.raises(ValueError, match="'x' is reserved"):
        game_model({"government": "x", "enterprises": "x", "colleges": "x"}, {"x": 1})
    with pytest.raises(ValueError, match="missing: colleges"):
        game_model({"government": "a", "enterprises": "a"}, {"a": 1})
    with pytest.raises(ExpressionError, match="'unused' appear in no payoff difference"):
        game_model({"government": "a", "enterprises": "a", "colleges": "a"}, {"a": 1, "unused": 2})


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "many", None, True])
def test_a_parameter_that_is_not_a_finite_number_is_refused_by_name(value):
    with pytest.raises(ValueError, match="parameter 'S_e' is"):
        corner_stability(default_model(), {"S_e": value})


def test_division_by_zero_is_refused_naming_the_parameters():
    model = game_model(
        {"government": "S / (C - 2)", "enterprises": "x - 0.5", "colleges": "y - 0.5"},
        {"S": 1.0, "C": 2.0},
    )
    with pytest.raises(UndefinedError, match=r"denominator '\(C - 2\)' is 0 with C=2"):
        corner_stability(model)
    with pytest.raises(UndefinedError, match="division by zero"):
        trajectory(model, [0.5] * 3)
    with pytest.raises(UndefinedError, match="C=2"):
        sweep(model, ("S", [1.0, 2.0]), ("C", [2.0, 3.0]), t_end=1)


def test_a_share_in_a_denominator_is_refused_where_it_vanishes():
    model = game_model(
        {"government": "a / y", "enterprises": "x - 0.5", "colleges": "y - 0.5"}, {"a": 1.0}
    )
    with pytest.raises(UndefinedError, match="'y' is 0 with y=0"):
        corner_stability(model)


def test_a_power_that_is_not_a_number_is_refused():
    model = game_model(
        {"government": "(a - 2) ** 0.5", "enterprises": "x - 0.5", "colleges": "y - 0.5"},
        {"a": 1.0},
    )
    with pytest.raises(UndefinedError, match=r"not a finite number .*a=1"):
        corner_stability(model)


def test_bad_starts_and_sweeps_are_refused_by_name():
    model = default_model()
    with pytest.raises(ValueError, match=r"start share y is 1\.5"):
        trajectory(model, [0.5, 1.5, 0.5])
    with pytest.raises(ValueError, match="unknown sweep parameter 'S'"):
        sweep(model, ("S", [1.0]), ("F_e", [1.0]))
    with pytest.raises(ValueError, match="'S_e' only once"):
        sweep(model, ("S_e", [1.0]), ("S_e", [1.0]))
    with pytest.raises(ValueError, match="parameter 'F_e' include nan"):
        sweep(model, ("S_e", [1.0]), ("F_e", [float("nan")]))
