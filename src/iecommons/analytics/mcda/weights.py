"""Objective weights (entropy, CRITIC, standard deviation) and their combination."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
from scipy.special import xlogy

from iecommons.analytics._results import ResultMixin
from iecommons.analytics._validation import (
    FloatArray,
    as_cost_mask,
    as_matrix,
    as_names,
    as_weights,
    raise_below,
    raise_non_finite,
)


@dataclasses.dataclass(frozen=True, repr=False)
class WeightsResult(ResultMixin):
    """Criterion weights and the per-criterion quantities they were made from.

    The object converts to its weight vector: ``numpy.asarray(result)`` is
    ``result.weights``, so a result can be passed wherever weights are expected.

    Attributes
    ----------
    weights : numpy.ndarray
        Non-negative weights summing to one, one per criterion.
    method : str
        How the weights were made, e.g. ``"entropy"`` or ``"linear(alpha=0.5)"``.
    criteria : tuple of str
        Criterion names (``C1..Cn`` when none were given).
    details : dict of str to numpy.ndarray
        Intermediate per-criterion quantities (entropy, diversity, std, conflict...).
    """

    weights: FloatArray
    method: str
    criteria: tuple[str, ...]
    details: dict[str, FloatArray] = dataclasses.field(default_factory=dict)

    def __array__(self, dtype: Any = None, copy: Any = None) -> FloatArray:
        return self.weights if dtype is None else self.weights.astype(dtype)

    def __len__(self) -> int:
        return int(self.weights.shape[0])


def _column_stats(
    x: FloatArray, criteria: Sequence[str] | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Column sums, minima and maxima; the sums double as the finiteness check."""
    sums = x.sum(axis=0)
    if not np.isfinite(sums).all():
        raise_non_finite(x, criteria=criteria)
    # Every value is finite now, so fmin/fmax (which skip NaN) give what min/max give;
    # down the rows of a C-ordered matrix they are about 4x faster (numpy's min/max
    # reduction along axis 0 checks for NaN cell by cell).
    return sums, np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)


def _from_scores(scores: FloatArray) -> FloatArray:
    total = scores.sum()
    if total <= 0:
        # No criterion discriminates between the alternatives: nothing favours one
        # criterion over another, so all get the same weight.
        return np.full(scores.shape[0], 1.0 / scores.shape[0])
    return scores / total


def entropy_weights(
    matrix: npt.ArrayLike,
    cost: npt.ArrayLike | Sequence[str] | None = None,
    *,
    normalization: Literal["sum", "minmax"] = "sum",
    criteria: Sequence[str] | None = None,
) -> WeightsResult:
    r"""Entropy weights: criteria whose values differ more across alternatives weigh more.

    With :math:`p_{ij}` the share of alternative *i* in criterion *j*, the entropy is
    :math:`e_j = -\frac{1}{\ln m} \sum_i p_{ij} \ln p_{ij}` (with :math:`0 \ln 0 := 0`),
    the diversity :math:`d_j = 1 - e_j` and the weight :math:`w_j = d_j / \sum_k d_k`.

    Conventions: a constant column (all alternatives equal) has diversity exactly 0 and
    so weight 0; if every column is constant, all criteria get equal weights. An
    all-zero benefit column counts as constant.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Decision matrix, m >= 2 alternatives in rows.
    cost : sequence of bool, int or str, optional
        Cost criteria. How they are turned around depends on ``normalization``.
    normalization : {"sum", "minmax"}
        ``"sum"`` (Zeleny; Hwang & Yoon 1981): :math:`p = x/\sum x` for benefit
        criteria, which need x >= 0, and :math:`p = (1/x)/\sum(1/x)` for cost criteria,
        which need x > 0. ``"minmax"`` (the usual Chinese textbook 熵值法): first
        :math:`r = (x - \min)/(\max - \min)`, or :math:`(\max - x)/(\max - \min)` for cost,
        then :math:`p = r / \sum r`; any finite values are allowed, and the worst
        alternative of each criterion gets :math:`p = 0`.
    criteria : sequence of str, optional
        Criterion names, for ``cost`` by name and for messages.

    Returns
    -------
    WeightsResult
        ``details`` holds ``entropy`` (:math:`e_j`) and ``diversity`` (:math:`d_j`).

    Examples
    --------
    >>> from iecommons.analytics import entropy_weights
    >>> result = entropy_weights([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    >>> result.weights
    array([1., 0.])
    """
    x = as_matrix(matrix, min_rows=2)
    m, n = x.shape
    names = as_names(criteria, n, what="criterion", prefix="C")
    mask = as_cost_mask(cost, n, names)
    sums, low, high = _column_stats(x, names)
    constant = high == low
    if normalization == "sum":
        if (low[~mask] < 0).any():
            raise_below(
                x, ~mask, 0.0, strict=False, why="entropy shares p = x / sum(x)", criteria=names
            )
        if (low[mask] <= 0).any():
            raise_below(
                x,
                mask,
                0.0,
                strict=True,
                why="entropy of a cost criterion uses 1/x",
                criteria=names,
            )
        # -sum p ln p = ln S - (1/S) sum x ln x with S = sum x: one logarithm per cell
        # and no matrix of shares.
        if (low > 0).all():
            logs = np.log(x)
            x_log_x = np.einsum("ij,ij->j", x, logs)
        else:
            logs = None
            x_log_x = xlogy(x, x).sum(axis=0)
        totals = sums
        if mask.any():
            inverse = 1.0 / x[:, mask]
            log_cost = logs[:, mask] if logs is not None else np.log(x[:, mask])
            # y = 1/x, so y ln y = -ln(x) / x
            x_log_x[mask] = -np.einsum("ij,ij->j", inverse, log_cost)
            totals = totals.copy()
            totals[mask] = inverse.sum(axis=0)
        safe = np.where(totals > 0, totals, 1.0)
        entropy = (np.log(safe) - x_log_x / safe) / np.log(m)
    elif normalization == "minmax":
        span = np.where(constant, 1.0, high - low)
        r = (x - low) / span
        if mask.any():
            r[:, mask] = 1.0 - r[:, mask]
        totals = r.sum(axis=0)
        safe = np.where(totals > 0, totals, 1.0)
        entropy = (np.log(safe) - xlogy(r, r).sum(axis=0) / safe) / np.log(m)
    else:
        raise ValueError(f"unknown normalization {normalization!r}: expected 'sum' or 'minmax'")
    entropy = np.where(constant, 1.0, np.clip(entropy, 0.0, 1.0))
    diversity = 1.0 - entropy
    return WeightsResult(
        weights=_from_scores(diversity),
        method=f"entropy({normalization})",
        criteria=names,
        details={"entropy": entropy, "diversity": diversity},
    )


def critic_weights(
    matrix: npt.ArrayLike,
    cost: npt.ArrayLike | Sequence[str] | None = None,
    *,
    criteria: Sequence[str] | None = None,
) -> WeightsResult:
    r"""CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995), cost-aware.

    Each criterion is first normalised with its direction,
    :math:`r = (x - \min)/(\max - \min)` or :math:`(\max - x)/(\max - \min)` for cost,
    then :math:`C_j = \sigma_j \sum_k (1 - \rho_{jk})` with :math:`\sigma_j` the
    (population) standard deviation of :math:`r_j` and :math:`\rho` the Pearson
    correlation of the normalised criteria; :math:`w_j = C_j / \sum_k C_k`.

    Turning a cost criterion around flips the sign of its correlations: unlike
    pymcdm's ``critic_weights``, cost criteria change the result. A constant column
    has :math:`\sigma_j = 0`, hence weight 0, and counts as uncorrelated
    (:math:`\rho = 0`) with the others; if every column is constant, weights are equal.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Decision matrix, m >= 2 alternatives in rows.
    cost : sequence of bool, int or str, optional
        Cost criteria.
    criteria : sequence of str, optional
        Criterion names.

    Returns
    -------
    WeightsResult
        ``details`` holds ``std`` (:math:`\sigma_j`), ``conflict``
        (:math:`\sum_k (1 - \rho_{jk})`), ``information`` (:math:`C_j`) and
        ``correlation`` (the n x n matrix).

    Examples
    --------
    >>> from iecommons.analytics import critic_weights
    >>> critic_weights([[1.0, 1.0], [2.0, 3.0], [3.0, 2.0]]).weights.round(3)
    array([0.5, 0.5])
    """
    x = as_matrix(matrix, min_rows=2)
    m, n = x.shape
    names = as_names(criteria, n, what="criterion", prefix="C")
    mask = as_cost_mask(cost, n, names)
    sums, low, high = _column_stats(x, names)
    span = high - low
    constant = span == 0
    # Correlations and standard deviations of the direction-aware min-max normalised
    # matrix follow from those of x: no normalised copy is needed. The Gram matrix of
    # the raw columns (one BLAS call) gives the covariance as x'x/m - mean mean'; that
    # loses digits only when a column's mean dwarfs its spread, and then the columns
    # are centred first.
    mean = sums / m
    # A contiguous transposed copy makes the product a plain row-by-row BLAS call,
    # measurably faster here than the strided x.T @ x.
    transposed = np.ascontiguousarray(x.T)
    gram = transposed @ transposed.T
    gram -= m * np.outer(mean, mean)
    raw_variance = np.diagonal(gram) / m
    if (mean * mean > 1e4 * np.maximum(raw_variance, 0.0)).any():
        transposed -= mean[:, None]
        gram = transposed @ transposed.T
    variance = np.clip(np.diagonal(gram) / m, 0.0, None)
    std_x = np.sqrt(variance)
    safe_std = np.where(constant | (std_x == 0), 1.0, std_x)
    correlation = gram / (m * np.outer(safe_std, safe_std))
    sign = np.where(mask, -1.0, 1.0)
    correlation *= np.outer(sign, sign)
    zero = constant | (std_x == 0)
    correlation[zero, :] = 0.0
    correlation[:, zero] = 0.0
    np.fill_diagonal(correlation, 1.0)
    np.clip(correlation, -1.0, 1.0, out=correlation)
    std = np.where(zero, 0.0, std_x / np.where(constant, 1.0, span))
    conflict = (1.0 - correlation).sum(axis=0)
    information = std * conflict
    return WeightsResult(
        weights=_from_scores(information),
        method="critic",
        criteria=names,
        details={
            "std": std,
            "conflict": conflict,
            "information": information,
            "correlation": correlation,
        },
    )


def std_weights(
    matrix: npt.ArrayLike,
    *,
    normalization: Literal["minmax", "none"] = "minmax",
    criteria: Sequence[str] | None = None,
) -> WeightsResult:
    r"""Standard-deviation weights: :math:`w_j = \sigma_j / \sum_k \sigma_k`.

    By default :math:`\sigma_j` is taken on the min-max normalised column, so that a
    criterion measured in yuan does not outweigh one measured in percent. The
    direction of a criterion does not change its standard deviation, so there is no
    ``cost`` argument. ``normalization="none"`` uses the raw columns (as pymcdm and
    scikit-criteria do). Constant columns get weight 0; all constant: equal weights.

    Examples
    --------
    >>> from iecommons.analytics import std_weights
    >>> std_weights([[0.0, 10.0], [1.0, 10.0]]).weights
    array([1., 0.])
    """
    x = as_matrix(matrix, min_rows=2)
    m, n = x.shape
    names = as_names(criteria, n, what="criterion", prefix="C")
    sums, low, high = _column_stats(x, names)
    std = np.sqrt(np.clip(np.einsum("ij,ij->j", x, x) / m - (sums / m) ** 2, 0.0, None))
    # The one-pass formula loses digits when the mean dwarfs the spread: redo those.
    fragile = std < 1e-6 * np.abs(sums / m)
    if fragile.any():
        std[fragile] = x[:, fragile].std(axis=0)
    span = high - low
    std = np.where(span == 0, 0.0, std)
    if normalization == "minmax":
        std = std / np.where(span == 0, 1.0, span)
    elif normalization != "none":
        raise ValueError(f"unknown normalization {normalization!r}: expected 'minmax' or 'none'")
    return WeightsResult(
        weights=_from_scores(std),
        method=f"std({normalization})",
        criteria=names,
        details={"std": std},
    )


def combine_weights(
    subjective: npt.ArrayLike,
    objective: npt.ArrayLike,
    *,
    method: Literal["linear", "multiplicative"] = "linear",
    alpha: float = 0.5,
    criteria: Sequence[str] | None = None,
) -> WeightsResult:
    r"""Join subjective (e.g. AHP) and objective (e.g. entropy) weights.

    * ``"linear"``: :math:`w = \alpha\, s + (1 - \alpha)\, o`, with
      :math:`0 \le \alpha \le 1` the share given to the subjective weights.
    * ``"multiplicative"``: :math:`w_j = s_j o_j / \sum_k s_k o_k`.

    Both inputs are rescaled to sum to one first (each must be non-negative).

    Examples
    --------
    >>> from iecommons.analytics import combine_weights
    >>> combine_weights([0.5, 0.5], [0.2, 0.8], alpha=0.5).weights
    array([0.35, 0.65])
    >>> combine_weights([0.5, 0.5], [0.2, 0.8], method="multiplicative").weights
    array([0.2, 0.8])
    """
    s_vector = np.asarray(subjective, dtype=np.float64)
    n = s_vector.shape[0] if s_vector.ndim == 1 else -1
    s = as_weights(s_vector, n, normalize_weights=True, name="subjective weights")
    o = as_weights(objective, n, normalize_weights=True, name="objective weights")
    names = as_names(criteria, n, what="criterion", prefix="C")
    if method == "linear":
        if not 0.0 <= alpha <= 1.0:
            raise ValueError(f"alpha is {alpha}: expected a share between 0 and 1")
        return WeightsResult(
            weights=alpha * s + (1.0 - alpha) * o,
            method=f"linear(alpha={alpha:g})",
            criteria=names,
        )
    if method == "multiplicative":
        product = s * o
        if product.sum() <= 0:
            raise ValueError(
                "subjective and objective weights share no positive criterion: "
                "their product is zero everywhere"
            )
        return WeightsResult(
            weights=product / product.sum(), method="multiplicative", criteria=names
        )
    raise ValueError(f"unknown method {method!r}: expected 'linear' or 'multiplicative'")
