"""Corner stability, trajectories and two-parameter sweeps of a replicator system.

Stability uses the exact Jacobian (symbolic derivatives of the parsed payoff
differences, see :func:`.expressions.derivative`) and Friedman's (1991) criterion: a
rest point whose Jacobian eigenvalues all have negative real parts is asymptotically
stable; among the pure-strategy corners these are the evolutionarily stable
strategies of the asymmetric game (Selten 1980: in asymmetric games only strict, hence
pure, equilibria can be ESS). A zero eigenvalue leaves the linearisation undecided,
and the corner is reported as such rather than guessed.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy.integrate import solve_ivp

from iecommons.analytics._results import ResultMixin
from iecommons.analytics._validation import FloatArray
from iecommons.analytics.games.expressions import (
    Evaluator,
    Monomial,
    Node,
    Polynomial,
    UndefinedError,
    compile_node,
    fold_constants,
    polynomial,
)
from iecommons.analytics.games.model import PLAYERS, SHARES, GameModel

#: The eight pure-strategy corners, in the order (0,0,0), (0,0,1), ..., (1,1,1).
CORNERS: tuple[tuple[int, int, int], ...] = tuple(
    (a, b, c) for a, b, c in itertools.product((0, 1), repeat=3)
)

#: The largest RK4 step a sweep takes by default.
_DEFAULT_STEP = 0.2
#: A sweep checks every this many steps which trajectories have settled at an ESS corner.
_SETTLE_CHECK_EVERY = 25
#: Distance to an ESS corner within which a sweep trajectory counts as settled there.
_SETTLED = 1e-9

#: Eigenvalues closer to zero than this are treated as zero (undecided linearisation).
ZERO_EIGENVALUE = 1e-12

Stability = Literal["stable", "unstable", "saddle", "undecided"]


def _frozen(array: npt.ArrayLike, dtype: Any = np.float64) -> Any:
    result = np.array(array, dtype=dtype)
    result.setflags(write=False)
    return result


def _label(corner: tuple[int, int, int]) -> str:
    return "(" + ", ".join(str(c) for c in corner) + ")"


@dataclasses.dataclass(frozen=True, repr=False)
class CornerStability(ResultMixin):
    """The linear stability of one pure-strategy corner.

    Attributes
    ----------
    corner : tuple of int
        ``(x, y, z)`` with each share 0 or 1.
    label : str
        ``"(1, 1, 1)"`` and so on.
    eigenvalues : numpy.ndarray
        The Jacobian's eigenvalues (real parts; at a corner the Jacobian is diagonal,
        so they are real), in the order of the shares.
    payoff_differences : numpy.ndarray
        The three payoff differences at the corner.
    stability : str
        ``"stable"`` (all negative: an ESS), ``"unstable"`` (all positive),
        ``"saddle"`` (mixed signs) or ``"undecided"`` (a zero eigenvalue).
    """

    corner: tuple[int, int, int]
    label: str
    eigenvalues: FloatArray
    payoff_differences: FloatArray
    stability: Stability

    @property
    def is_ess(self) -> bool:
        """Whether the corner is an evolutionarily stable strategy."""
        return self.stability == "stable"


@dataclasses.dataclass(frozen=True, repr=False)
class Trajectory(ResultMixin):
    """Shares over time from one start.

    Attributes
    ----------
    times : numpy.ndarray, shape (m,)
    shares : numpy.ndarray, shape (m, 3)
        Columns x (government), y (enterprises), z (colleges).
    parameters : dict of str to float
    final_corner : str or None
        The corner the trajectory ends within ``tolerance`` of, if any.
    """

    times: FloatArray
    shares: FloatArray
    parameters: dict[str, float]
    final_corner: str | None


@dataclasses.dataclass(frozen=True, repr=False)
class Sweep(ResultMixin):
    """Where the system goes over a grid of two parameters.

    Attributes
    ----------
    parameter_names : tuple of str
        The two swept parameters (first along rows, second along columns).
    first_values, second_values : numpy.ndarray
        The grid axes.
    final_shares : numpy.ndarray, shape (n1, n2, 3)
        Shares at ``t_end``.
    corner_index : numpy.ndarray of int, shape (n1, n2)
        Index into ``corner_labels`` of the corner reached, or -1 when the final
        state is not within ``tolerance`` of a corner (an interior point or a cycle).
    corner_labels : tuple of str
        ``"(0, 0, 0)"`` ... ``"(1, 1, 1)"``.
    t_end, step : float
        Integration horizon and the fixed RK4 step.
    """

    parameter_names: tuple[str, str]
    first_values: FloatArray
    second_values: FloatArray
    final_shares: FloatArray
    corner_index: npt.NDArray[np.int64]
    corner_labels: tuple[str, ...]
    t_end: float
    step: float


class _System:
    """The compiled right-hand side and Jacobian of a model for given parameter values."""

    def __init__(
        self, model: GameModel, constants: Mapping[str, float], *, checked: bool = True
    ) -> None:
        def build(node: Node, player: str) -> Evaluator:
            # Checked evaluation keeps the parameters as names, so that a refusal can
            # name them; the environment must then hold their values.
            return compile_node(
                node if checked else fold_constants(node, constants),
                what=f"payoff difference of {player}",
                checked=checked,
            )

        self.differences = [
            build(tree, player) for tree, player in zip(model.trees, PLAYERS, strict=True)
        ]
        self.jacobian = [
            [build(node, player) for node in row]
            for row, player in zip(model.jacobian_trees, PLAYERS, strict=True)
        ]

    def payoff_differences(self, environment: Mapping[str, Any]) -> list[Any]:
        return [difference(environment) for difference in self.differences]

    def rate(self, state: FloatArray, environment: dict[str, Any]) -> FloatArray:
        """d(state)/dt for ``state`` of shape (3, ...)."""
        environment["x"], environment["y"], environment["z"] = state[0], state[1], state[2]
        out = state * (1.0 - state)
        for i, difference in enumerate(self.differences):
            out[i] *= difference(environment)
        return out

    def stacked_differences(self, state: FloatArray, environment: dict[str, Any]) -> FloatArray:
        """The three payoff differences at ``state`` (3, n), broadcast to shape (3, n)."""
        environment["x"], environment["y"], environment["z"] = state[0], state[1], state[2]
        return np.stack(
            [np.broadcast_to(d(environment), state.shape[1:]) for d in self.differences]
        )


class _PolynomialSystem:
    """The right-hand side when every payoff difference is polynomial in the shares.

    The coefficients (expressions over the parameters only) are evaluated once, with
    checks, for the whole grid; each step then only forms the needed monomials and
    sums coefficient times monomial.
    """

    def __init__(
        self, polynomials: list[Polynomial], constants: Mapping[str, float], grid: dict[str, Any]
    ) -> None:
        self.terms: list[list[tuple[Monomial, Any]]] = []
        monomials: set[Monomial] = set()
        for player, poly in zip(PLAYERS, polynomials, strict=True):
            terms = []
            for monomial, coefficient in poly.items():
                evaluate = compile_node(
                    coefficient, what=f"payoff difference of {player}", checked=True
                )
                value = evaluate({**constants, **grid})
                if isinstance(value, float | int) and value == 0:
                    continue
                terms.append((monomial, value))
                monomials.add(monomial)
            self.terms.append(terms)
        self.monomials = sorted(monomials, key=sum)
        self.grid = grid

    def slice(self, keep: npt.NDArray[np.bool_]) -> None:
        """Keep only the grid points in ``keep`` (those still being integrated)."""
        self.terms = [
            [(m, v[keep] if isinstance(v, np.ndarray) and v.ndim else v) for m, v in terms]
            for terms in self.terms
        ]

    def rate(self, state: FloatArray, environment: dict[str, Any]) -> FloatArray:
        powers: dict[Monomial, Any] = {(0, 0, 0): 1.0}
        for monomial in self.monomials:
            if monomial in powers:
                continue
            # Build each monomial from a smaller one times one share.
            i = next(k for k in range(3) if monomial[k] > 0)
            smaller = list(monomial)
            smaller[i] -= 1
            base = tuple(smaller)
            if base not in powers:
                powers[base] = np.prod([state[k] ** smaller[k] for k in range(3)], axis=0)  # type: ignore[index]
            powers[monomial] = state[i] if base == (0, 0, 0) else powers[base] * state[i]  # type: ignore[index]
        out = state * (1.0 - state)
        for i, terms in enumerate(self.terms):
            total: Any = None
            for monomial, coefficient in terms:
                term = coefficient if monomial == (0, 0, 0) else coefficient * powers[monomial]
                total = term if total is None else total + term
            if total is not None:
                out[i] *= total
            else:
                out[i] = 0.0
        return out


def _checked_values(model: GameModel, parameters: Mapping[str, Any] | None) -> dict[str, float]:
    return model.values(parameters)


def corner_stability(
    model: GameModel, parameters: Mapping[str, Any] | None = None
) -> tuple[CornerStability, ...]:
    """The stability of the eight pure-strategy corners.

    Parameters
    ----------
    model : GameModel
    parameters : mapping of str to float, optional
        Overrides of the model's default parameter values.

    Returns
    -------
    tuple of CornerStability
        In the order of :data:`CORNERS`.

    Raises
    ------
    UndefinedError
        When a payoff difference or a derivative is undefined at a corner (a
        division by zero, for instance), naming the expression and its parameters.

    Examples
    --------
    >>> from iecommons.analytics.games import default_model
    >>> stable = [c.label for c in corner_stability(default_model()) if c.is_ess]
    >>> stable
    ['(1, 1, 1)']
    """
    values = _checked_values(model, parameters)
    system = _System(model, values)
    results = []
    for corner in CORNERS:
        differences, jacobian_matrix = _jacobian_at(system, values, corner)
        eigenvalues = np.asarray(np.linalg.eigvals(jacobian_matrix).real, dtype=np.float64)
        results.append(
            CornerStability(
                corner=corner,
                label=_label(corner),
                eigenvalues=_frozen(eigenvalues),
                payoff_differences=_frozen(differences),
                stability=_classify(eigenvalues),
            )
        )
    return tuple(results)


def _jacobian_at(
    system: _System, values: Mapping[str, float], state: Any
) -> tuple[FloatArray, FloatArray]:
    """The payoff differences and the replicator Jacobian at one state."""
    environment: dict[str, Any] = dict(values)
    environment.update(zip(SHARES, map(float, state), strict=True))
    differences = np.array(system.payoff_differences(environment), dtype=np.float64)
    matrix = np.zeros((3, 3))
    for i in range(3):
        share = float(state[i])
        for j in range(3):
            # d/ds_j [s_i (1 - s_i) D_i] = delta_ij (1 - 2 s_i) D_i + s_i (1 - s_i) dD_i/ds_j
            term = share * (1 - share) * float(system.jacobian[i][j](environment))
            matrix[i, j] = term + ((1 - 2 * share) * differences[i] if i == j else 0.0)
    if not np.isfinite(matrix).all():
        i = int(np.argwhere(~np.isfinite(matrix))[0][0])
        raise UndefinedError(
            f"payoff difference of {PLAYERS[i]} is not finite at {tuple(map(float, state))}"
        )
    return differences, matrix


def jacobian(model: GameModel, state: Any, parameters: Mapping[str, Any] | None = None) -> Any:
    """The exact Jacobian of the replicator system at ``state`` (symbolic derivatives).

    Examples
    --------
    >>> from iecommons.analytics.games import default_model
    >>> jacobian(default_model(), [1, 1, 1]).diagonal()
    array([-1. , -3.5, -1.5])
    """
    values = _checked_values(model, parameters)
    _, matrix = _jacobian_at(_System(model, values), values, _as_start(state))
    matrix.setflags(write=False)
    return matrix


def _classify(eigenvalues: FloatArray) -> Stability:
    if (np.abs(eigenvalues) <= ZERO_EIGENVALUE).any():
        return "undecided"
    if (eigenvalues < 0).all():
        return "stable"
    if (eigenvalues > 0).all():
        return "unstable"
    return "saddle"


def _as_start(start: Any) -> FloatArray:
    try:
        vector = np.asarray(start, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"start must be three shares (x, y, z), got {start!r}") from None
    if vector.shape != (3,):
        raise ValueError(f"start must be three shares (x, y, z), got shape {vector.shape}")
    for share, value in zip(SHARES, vector, strict=True):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"start share {share} is {value:g}: expected a value in [0, 1]")
    return vector


def _nearest_corner(state: FloatArray, tolerance: float) -> npt.NDArray[np.int64]:
    """Corner index per state (states in the last axis of length 3), -1 if none is near."""
    rounded = np.rint(state)
    near = (np.abs(state - rounded) <= tolerance).all(axis=-1)
    index = (rounded[..., 0] * 4 + rounded[..., 1] * 2 + rounded[..., 2]).astype(np.int64)
    return np.where(near, index, -1)


def trajectory(
    model: GameModel,
    start: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    t_end: float = 50.0,
    points: int = 201,
    tolerance: float = 1e-3,
    rtol: float = 1e-8,
    atol: float = 1e-10,
) -> Trajectory:
    """Integrate the replicator system from ``start`` with SciPy's ``solve_ivp`` (RK45).

    Parameters
    ----------
    model : GameModel
    start : sequence of three floats
        Initial shares (x, y, z), each in [0, 1].
    parameters : mapping, optional
        Overrides of the default parameter values.
    t_end : float
        Horizon.
    points : int
        Number of evenly spaced output times, including 0 and ``t_end``.
    tolerance : float
        How close to a corner the final state must be to count as reaching it.
    rtol, atol : float
        Tolerances handed to ``solve_ivp``.

    Returns
    -------
    Trajectory

    Examples
    --------
    >>> from iecommons.analytics.games import default_model
    >>> path = trajectory(default_model(), [0.5, 0.5, 0.5], t_end=100)
    >>> path.final_corner
    '(1, 1, 1)'
    >>> path.shares.shape
    (201, 3)
    """
    values = _checked_values(model, parameters)
    state0 = _as_start(start)
    if not (isinstance(t_end, int | float) and t_end > 0):
        raise ValueError(f"t_end is {t_end!r}: expected a positive number")
    if not (isinstance(points, int) and points >= 2):
        raise ValueError(f"points is {points!r}: expected an integer of at least 2")
    system = _System(model, values)
    environment: dict[str, Any] = dict(values)
    system.rate(state0.reshape(3, 1), environment)  # checked once: names an undefined term

    def rate(_: float, state: FloatArray) -> FloatArray:
        return system.rate(state, environment)

    times = np.linspace(0.0, float(t_end), points)
    solution = solve_ivp(rate, (0.0, float(t_end)), state0, t_eval=times, rtol=rtol, atol=atol)
    shares = solution.y.T
    if not solution.success or not np.isfinite(shares).all():
        raise UndefinedError(
            f"the system could not be integrated from {state0.tolist()}: {solution.message}"
        )
    corner = int(_nearest_corner(shares[-1], tolerance))
    return Trajectory(
        times=_frozen(times),
        shares=_frozen(shares),
        parameters=values,
        final_corner=_label(CORNERS[corner]) if corner >= 0 else None,
    )


def _axis(values: Any, name: str) -> FloatArray:
    try:
        axis = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"sweep values of {name!r} must be numbers") from None
    if axis.ndim != 1 or axis.size < 1:
        raise ValueError(f"sweep values of {name!r} must be a non-empty 1-D sequence")
    if not np.isfinite(axis).all():
        bad = axis[~np.isfinite(axis)][0]
        raise ValueError(f"sweep values of parameter {name!r} include {bad}: expected finite")
    return axis


def sweep(
    model: GameModel,
    first: tuple[str, Any],
    second: tuple[str, Any],
    *,
    start: Any = (0.5, 0.5, 0.5),
    parameters: Mapping[str, Any] | None = None,
    t_end: float = 200.0,
    step: float | None = None,
    tolerance: float = 1e-3,
) -> Sweep:
    """Integrate every point of a two-parameter grid at once (vectorised fixed-step RK4).

    All ``n1 * n2`` trajectories advance together as one array of shape (3, n1 * n2);
    payoff terms that depend only on fixed parameters are folded into constants
    beforehand, and when every payoff difference is polynomial in the shares its
    coefficients are evaluated once for the whole grid. A trajectory that comes within
    1e-9 of a corner that is an ESS for its parameters is snapped to that corner and
    no longer integrated (it would only converge further).

    The step is the classical fourth-order Runge–Kutta one. By default it is
    ``min(0.2, 2 / L)`` with ``L`` the largest payoff difference in absolute value at
    any corner of any grid point (the corner eigenvalues), inside the stability region
    of RK4 (|h λ| < 2.78). On the default model this step agrees with adaptive
    ``solve_ivp`` to better than 1e-6 on trajectories that settle; trajectories still
    cycling at ``t_end`` (neutral cycles) have a phase no integrator keeps over long
    horizons, which ``bench/games_bench.py`` reports separately.

    Parameters
    ----------
    model : GameModel
    first, second : (str, array_like)
        The swept parameters and their values, e.g. ``("S_e", numpy.linspace(0, 5, 101))``.
    start : sequence of three floats
        The common initial shares.
    parameters : mapping, optional
        Overrides of the other parameters.
    t_end : float
        Horizon.
    step : float, optional
        RK4 step (default: chosen from the corner eigenvalues, see above).
    tolerance : float
        How close to a corner a final state must be to count as reaching it.

    Returns
    -------
    Sweep

    Examples
    --------
    >>> import numpy as np
    >>> from iecommons.analytics.games import default_model
    >>> result = sweep(default_model(), ("S_e", [0.0, 2.0]), ("F_e", [0.0, 3.0]), t_end=100)
    >>> [[result.corner_labels[k] for k in row] for row in result.corner_index]
    [['(1, 0, 0)', '(1, 1, 1)'], ['(1, 0, 0)', '(1, 1, 1)']]
    >>> result.final_shares.flags.writeable
    False
    """
    (first_name, first_raw), (second_name, second_raw) = first, second
    if first_name == second_name:
        raise ValueError(f"sweep the parameter {first_name!r} only once")
    values = _checked_values(model, parameters)
    for name in (first_name, second_name):
        if name not in values:
            known = ", ".join(sorted(values))
            raise ValueError(f"unknown sweep parameter {name!r} (the model's parameters: {known})")
    first_axis, second_axis = _axis(first_raw, first_name), _axis(second_raw, second_name)
    if not (isinstance(t_end, int | float) and t_end > 0):
        raise ValueError(f"t_end is {t_end!r}: expected a positive number")
    if step is not None and not (isinstance(step, int | float) and 0 < step <= t_end):
        raise ValueError(f"step is {step!r}: expected a positive number no larger than t_end")
    state0 = _as_start(start)
    grid_first, grid_second = np.meshgrid(first_axis, second_axis, indexing="ij")
    count = grid_first.size
    constants = {k: v for k, v in values.items() if k not in (first_name, second_name)}
    environment: dict[str, Any] = {
        first_name: grid_first.reshape(-1),
        second_name: grid_second.reshape(-1),
    }
    state = np.repeat(state0.reshape(3, 1), count, axis=1)
    # One checked evaluation at the start and at each corner names any undefined term
    # with its parameters; the corner evaluations also tell which corners are ESS for
    # which grid point (at a corner the eigenvalues are (1 - 2 s_i) * D_i).
    checked = _System(model, constants, checked=True)
    checked_environment = {**constants, **environment}
    checked.rate(state.copy(), checked_environment)
    ess = np.empty((len(CORNERS), count), dtype=bool)
    largest_rate = 0.0
    for k, corner in enumerate(CORNERS):
        corner_state = np.repeat(np.array(corner, dtype=np.float64).reshape(3, 1), count, axis=1)
        signs = 1.0 - 2.0 * np.array(corner, dtype=np.float64).reshape(3, 1)
        eigenvalues = signs * checked.stacked_differences(corner_state, checked_environment)
        ess[k] = (eigenvalues < 0).all(axis=0)
        largest_rate = max(largest_rate, float(np.abs(eigenvalues).max()))
    if step is None:
        step = min(_DEFAULT_STEP, 2.0 / largest_rate) if largest_rate > 0 else _DEFAULT_STEP
    polynomials = [polynomial(tree, SHARES) for tree in model.trees]
    system: _System | _PolynomialSystem
    if all(p is not None for p in polynomials):
        system = _PolynomialSystem(
            [p for p in polynomials if p is not None], constants, dict(environment)
        )
    else:
        system = _System(model, constants, checked=False)
    steps = int(np.ceil(t_end / step - 1e-9))
    h = t_end / steps
    final_state = np.empty((3, count))
    active = np.arange(count)
    swept = {first_name: environment[first_name], second_name: environment[second_name]}
    done_steps = 0
    with np.errstate(all="ignore"):
        while done_steps < steps and active.size:
            for _ in range(min(_SETTLE_CHECK_EVERY, steps - done_steps)):
                k1 = system.rate(state, environment)
                k2 = system.rate(state + (0.5 * h) * k1, environment)
                k3 = system.rate(state + (0.5 * h) * k2, environment)
                k4 = system.rate(state + h * k3, environment)
                k2 += k3
                k2 *= 2.0
                k2 += k1
                k2 += k4
                k2 *= h / 6.0
                state += k2
            done_steps += _SETTLE_CHECK_EVERY
            # A trajectory this close to a corner that is an ESS for its parameters stays
            # and converges there: snap it to the corner and stop integrating it.
            nearest = _nearest_corner(state.T, _SETTLED)
            settled = nearest >= 0
            settled[settled] = ess[nearest[settled], active[settled]]
            if settled.any():
                final_state[:, active[settled]] = np.rint(state[:, settled])
                keep = ~settled
                active, state = active[keep], state[:, keep]
                environment[first_name] = swept[first_name][active]
                environment[second_name] = swept[second_name][active]
                if isinstance(system, _PolynomialSystem):
                    system.slice(keep)
    final_state[:, active] = state
    state = final_state
    if not np.isfinite(state).all():
        bad = int(np.flatnonzero(~np.isfinite(state).all(axis=0))[0])
        a, b = swept[first_name][bad], swept[second_name][bad]
        raise UndefinedError(
            f"the system became undefined (NaN or infinite shares) at {first_name}={a:g}, "
            f"{second_name}={b:g}: reduce step or check the payoff differences"
        )
    final = state.T.reshape(first_axis.size, second_axis.size, 3)
    return Sweep(
        parameter_names=(first_name, second_name),
        first_values=_frozen(first_axis),
        second_values=_frozen(second_axis),
        final_shares=_frozen(final),
        corner_index=_frozen(_nearest_corner(final, tolerance), dtype=np.int64),
        corner_labels=tuple(_label(c) for c in CORNERS),
        t_end=float(t_end),
        step=float(h),
    )
