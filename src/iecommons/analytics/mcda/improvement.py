"""What it would take to reach the next grade: the smallest single changes and a combined path.

For one alternative (a community) of a decision matrix, :func:`grade_paths` answers two
questions a graded community asks:

1. **One indicator at a time**: for each criterion, holding every other value fixed, the
   smallest change of that criterion's value that lifts the alternative over the target —
   a score to reach, or a rank to reach (the quota grades of a run are ranks). Scores are
   recomputed over the *whole* matrix for every trial value, so everything a change moves
   (the normalisation, TOPSIS's ideal and anti-ideal points, the others' scores) is taken
   into account. The search is a bisection between the current value and the bound of the
   criterion's range; where even the bound does not reach the target the answer is
   "not reachable within the range".
2. **A combined path** (weighted-sum runs only): the cheapest set of changes, where a
   change costs its share of the criterion's range times an optional effort per criterion.
   Around the current matrix the weighted sum of min-max (or max, or sum) normalised values
   is linear in the alternative's own values, so the cheapest path is a small linear
   programme (:func:`scipy.optimize.linprog`); because a change can move a column's
   minimum or maximum, the programme's direction is then scaled by bisection until the
   recomputed scores reach the target, and the result is always checked by recomputation.

The bisection assumes what holds for the methods here: improving an alternative's own value
never lowers its standing. A result therefore always satisfies the target (it is checked),
and is minimal up to ``tolerance`` of the criterion's range.

Examples
--------
>>> import numpy as np
>>> from iecommons.analytics import grade_paths
>>> matrix = np.array([[10.0, 1.0], [6.0, 5.0], [2.0, 3.0], [4.0, 4.0]])
>>> path = grade_paths(matrix, [0.5, 0.5], community=2, target_rank=2, method="wsm")
>>> bool(path.reachable[0]), round(float(path.required[0]), 2)
(True, 7.0)
>>> path.combined is not None
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin
from iecommons.analytics._validation import as_cost_mask, as_matrix, as_weights, check_finite
from iecommons.analytics.mcda.aggregate import topsis, weighted_sum

FloatArray = npt.NDArray[np.float64]
Method = Literal["topsis", "wsm"]

__all__ = ["GradePath", "grade_paths"]


@dataclasses.dataclass(frozen=True, repr=False)
class GradePath(ResultMixin):
    """The changes that lift one alternative over its target.

    Attributes
    ----------
    community : int
        Row of the alternative in the matrix.
    score : float
        Its current score (the method's own scale, 0–1).
    threshold : float
        The score it has to reach now: ``target_score``, or for a rank target the score of
        the alternative it has to draw level with.
    achieved : bool
        Whether it already meets the target (then no change is needed).
    current, required : ndarray of shape (n,)
        Each criterion's current value and the smallest single change's new value
        (``nan`` where not reachable within the range).
    reachable : ndarray of bool, shape (n,)
    bound : ndarray of shape (n,)
        The end of each criterion's range in the improving direction.
    combined : ndarray of shape (n,) or None
        New values of the cheapest combined path (weighted sum only), ``None`` when not
        computed or not reachable.
    combined_cost : float or None
        Its cost: the sum of the changes as shares of each range, times the efforts.
    """

    community: int
    score: float
    threshold: float
    achieved: bool
    current: FloatArray
    required: FloatArray
    reachable: npt.NDArray[np.bool_]
    bound: FloatArray
    combined: FloatArray | None
    combined_cost: float | None


def grade_paths(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    *,
    community: int,
    cost: Sequence[bool] | npt.ArrayLike | None = None,
    method: Method = "wsm",
    normalization: str = "minmax",
    target_score: float | None = None,
    target_rank: int | None = None,
    lower: npt.ArrayLike | None = None,
    upper: npt.ArrayLike | None = None,
    effort: npt.ArrayLike | None = None,
    tolerance: float = 1e-9,
    scorer: Callable[[FloatArray], npt.ArrayLike] | None = None,
    criteria: Sequence[int] | None = None,
    combined: bool = True,
) -> GradePath:
    """Smallest single-criterion changes, and the cheapest combined one, to reach a target.

    Parameters
    ----------
    matrix : array_like of shape (m, n)
        Raw values, alternatives in rows.
    weights : array_like of shape (n,)
        Criterion weights (normalised to sum to one).
    community : int
        The row to improve.
    cost : sequence of bool, optional
        True where smaller is better (then improving means lowering the value).
    method : {"wsm", "topsis"}
        The aggregation of the run; ``normalization`` as for :func:`weighted_sum` /
        :func:`topsis`.
    target_score : float, optional
        Reach at least this score (the method's 0–1 scale).
    target_rank : int, optional
        Reach this competition rank or better (ties share the better rank). Exactly one of
        ``target_score`` and ``target_rank`` is given.
    lower, upper : array_like of shape (n,), optional
        Each criterion's range; ``nan`` entries (or no array) fall back to the best value
        observed in the column, so a community is never asked to exceed every peer by an
        unbounded amount.
    effort : array_like of shape (n,), optional
        Relative cost of moving each criterion through its whole range (default 1).
    tolerance : float
        Precision of each bisection, as a share of the criterion's range.
    scorer : callable, optional
        The scores of a whole matrix, when the caller aggregates in its own way (an
        evaluation run passes its own scoring, so the path is computed by the very code
        that graded it). ``method`` then only says whether the combined path applies
        (``"wsm"``: a weighted sum of linearly normalised values).
    criteria : sequence of int, optional
        Only these columns get a single-change answer (the others are ``nan``, not
        reachable); by default every column.
    combined : bool
        Whether to compute the combined path (weighted sums only).

    Returns
    -------
    GradePath

    Examples
    --------
    Community 2 ranks last; raising its first criterion from 2 to 7 draws it level with the
    second-best (the column's minimum moves with it, which the recomputation includes):

    >>> from iecommons.analytics import grade_paths
    >>> matrix = [[10.0, 1.0], [6.0, 5.0], [2.0, 3.0], [4.0, 4.0]]
    >>> path = grade_paths(matrix, [0.5, 0.5], community=2, target_rank=2)
    >>> [round(float(value), 3) for value in path.required]
    [7.0, 5.0]
    """
    x = as_matrix(matrix, name="matrix")
    m, n = x.shape
    check_finite(x, name="matrix")
    w = as_weights(weights, n, normalize_weights=True)
    is_cost = as_cost_mask(cost, n)
    if not 0 <= community < m:
        raise ValueError(f"community: row {community} is outside the matrix's {m} rows")
    if (target_score is None) == (target_rank is None):
        raise ValueError("give exactly one of target_score and target_rank")
    if target_rank is not None and not 1 <= target_rank <= m:
        raise ValueError(f"target_rank: {target_rank} is outside 1..{m}")
    if method not in ("wsm", "topsis"):
        raise ValueError(f"method: {method!r} is not one of 'wsm', 'topsis'")
    if not tolerance > 0:
        raise ValueError("tolerance must be positive")

    def scores_of(trial: FloatArray) -> FloatArray:
        if scorer is not None:
            return np.asarray(scorer(trial), dtype=np.float64)
        if method == "topsis":
            closeness = topsis(trial, w, cost=is_cost, normalization=normalization)  # type: ignore[arg-type]
            return np.asarray(closeness.scores, dtype=np.float64)
        summed = weighted_sum(trial, w, cost=is_cost, normalization=normalization)  # type: ignore[arg-type]
        return np.asarray(summed.scores, dtype=np.float64)

    def meets(trial: FloatArray) -> tuple[bool, float, float]:
        scores = scores_of(trial)
        own = float(scores[community])
        if target_score is not None:
            return own >= target_score, own, float(target_score)
        assert target_rank is not None
        others = np.delete(scores, community)
        # Rank r or better: fewer than r others strictly above. The (r)-th best of the
        # others is the score to draw level with.
        if target_rank - 1 >= others.size:
            return True, own, -np.inf
        level = float(np.sort(others)[::-1][target_rank - 1])
        return own >= level, own, level

    achieved, score, threshold = meets(x)
    bound = _bounds(x, is_cost, lower, upper)
    current = x[community].copy()
    required = np.full(n, np.nan)
    reachable = np.zeros(n, dtype=bool)
    if achieved:
        required = current.copy()
        reachable[:] = True
    else:
        for j in range(n) if criteria is None else sorted(set(criteria)):
            if not 0 <= j < n:
                raise ValueError(f"criteria: column {j} is outside the matrix's {n} columns")
            found = _single(x, community, j, bound[j], tolerance, lambda t: meets(t)[0])
            if found is not None:
                required[j] = found
                reachable[j] = True

    combined_values: FloatArray | None = None
    combined_cost: float | None = None
    if combined and method == "wsm" and not achieved:

        def margin(trial: FloatArray) -> float:
            _ok, own, level = meets(trial)
            return own - level

        combined_values, combined_cost = _combined(
            x, community, is_cost, bound, effort, tolerance, margin
        )
    for array in (current, required, reachable, bound):
        array.setflags(write=False)
    if combined_values is not None:
        combined_values.setflags(write=False)
    return GradePath(
        community=community,
        score=score,
        threshold=threshold,
        achieved=achieved,
        current=current,
        required=required,
        reachable=reachable,
        bound=bound,
        combined=combined_values,
        combined_cost=combined_cost,
    )


def _bounds(
    x: FloatArray,
    is_cost: npt.NDArray[np.bool_],
    lower: npt.ArrayLike | None,
    upper: npt.ArrayLike | None,
) -> FloatArray:
    """The end of each range in the improving direction: the given bound, else the best
    value observed in the column."""
    n = x.shape[1]
    best_observed = np.where(is_cost, x.min(axis=0), x.max(axis=0))
    given = np.full(n, np.nan)
    for name, array, use in (("lower", lower, is_cost), ("upper", upper, ~is_cost)):
        if array is None:
            continue
        values = np.asarray(array, dtype=np.float64)
        if values.shape != (n,):
            raise ValueError(f"{name}: expected {n} values, one per criterion, got {values.shape}")
        given = np.where(use, values, given)
    return np.where(np.isnan(given), best_observed, given)


def _single(
    x: FloatArray,
    row: int,
    column: int,
    bound: float,
    tolerance: float,
    meets: Callable[[FloatArray], bool],
) -> float | None:
    """Bisection on one criterion between its current value and ``bound``."""
    start = float(x[row, column])
    if bound == start:
        return None
    trial = x.copy()
    trial[row, column] = bound
    if not meets(trial):
        return None
    low, high = start, bound  # low fails, high meets (as values along the improving direction)
    step = tolerance * max(abs(bound - start), 1e-12)
    while abs(high - low) > step:
        middle = (low + high) / 2.0
        trial[row, column] = middle
        if meets(trial):
            high = middle
        else:
            low = middle
    return high


def _combined(
    x: FloatArray,
    row: int,
    is_cost: npt.NDArray[np.bool_],
    bound: FloatArray,
    effort: npt.ArrayLike | None,
    tolerance: float,
    margin: Callable[[FloatArray], float],
) -> tuple[FloatArray | None, float | None]:
    """The cheapest combined change of a weighted sum: a linear programme, then scaled.

    ``margin`` is the alternative's score minus the score it must reach (in the scorer's
    own units); the target is met where it is not negative."""

    def meets(trial: FloatArray) -> bool:
        return margin(trial) >= 0.0

    from scipy.optimize import linprog  # only here: importing it costs a command's start-up

    n = x.shape[1]
    spread = x.max(axis=0) - x.min(axis=0)
    spread = np.where(spread > 0, spread, 1.0)
    efforts = np.ones(n) if effort is None else np.asarray(effort, dtype=np.float64)
    if efforts.shape != (n,) or np.any(efforts < 0) or not np.all(np.isfinite(efforts)):
        raise ValueError(f"effort: expected {n} finite non-negative values, one per criterion")
    headroom = np.abs(bound - x[row]) / spread  # in shares of each range
    base = margin(x)
    # The gain of each criterion per whole range, measured over its own headroom with the
    # real scores (so the scorer's scale and the others' movement are both included).
    gain = np.zeros(n)
    for j in np.flatnonzero(headroom > 0):
        trial = x.copy()
        trial[row, j] = bound[j]
        gain[j] = (margin(trial) - base) / headroom[j]
    # Variables: d_j, the change of criterion j as a share of its range (0 ≤ d_j ≤ headroom);
    # reach a non-negative margin at least cost.
    result = linprog(
        c=efforts,
        A_ub=-gain[None, :],
        b_ub=[base],
        bounds=list(zip(np.zeros(n), headroom, strict=True)),
        method="highs",
    )
    if not result.success:
        return None, None
    direction = np.where(is_cost, -1.0, 1.0) * result.x * spread
    at_bound = x.copy()
    at_bound[row] = np.where(result.x > 0, x[row] + direction, x[row])
    # The linear model ignores moving column extremes; scale the direction until the
    # recomputed scores meet the target, up to every criterion's own bound.
    full = x.copy()
    full[row] = np.where(result.x > 0, bound, x[row])
    low, high = 0.0, 1.0
    trial = x.copy()
    trial[row] = at_bound[row]
    if not meets(trial):
        if not meets(full):
            return None, None
        # Between the programme's point (scale 1) and the used criteria's bounds (scale 2).
        low, high = 1.0, 2.0
    else:
        high = 1.0
    while high - low > tolerance:
        middle = (low + high) / 2.0
        trial[row] = _along(x[row], at_bound[row], full[row], middle)
        if meets(trial):
            high = middle
        else:
            low = middle
    values = _along(x[row], at_bound[row], full[row], high)
    spent = float(np.sum(efforts * np.abs(values - x[row]) / spread))
    return values, spent


def _along(start: FloatArray, point: FloatArray, end: FloatArray, scale: float) -> FloatArray:
    """Scale 0 → start, 1 → the programme's point, 2 → the used criteria's bounds."""
    if scale <= 1.0:
        return start + (point - start) * scale
    return point + (end - point) * (scale - 1.0)
