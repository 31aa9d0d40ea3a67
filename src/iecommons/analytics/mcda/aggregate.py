"""Aggregation of a decision matrix into scores: weighted sum, TOPSIS, grey relational."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin, plain, rank_descending
from iecommons.analytics._validation import (
    BoolArray,
    FloatArray,
    as_cost_mask,
    as_matrix,
    as_names,
    as_weights,
    check_finite,
    raise_non_finite,
)
from iecommons.analytics.mcda.normalize import NormalizationMethod, normalize

CostSpec = npt.ArrayLike | Sequence[str] | None


@dataclasses.dataclass(frozen=True, repr=False)
class Ranking(ResultMixin):
    """Scores of the alternatives (higher is better) and their ranks.

    Attributes
    ----------
    scores : numpy.ndarray
        One score per alternative.
    method : str
        The aggregation that produced the scores.
    alternatives, criteria : tuple of str
        Names (``A1..Am`` and ``C1..Cn`` when none were given).
    weights : numpy.ndarray
        The criterion weights used.
    details : dict
        Method-specific intermediate results.
    ranks : numpy.ndarray
        Competition ranks, 1 = best; tied scores share the better rank. Computed
        on first access (sorting costs more than scoring a large matrix).
    """

    scores: FloatArray
    method: str
    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: FloatArray
    details: dict[str, Any] = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def ranks(self) -> npt.NDArray[np.int64]:
        return rank_descending(self.scores)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["ranks"] = plain(self.ranks)
        return out


@dataclasses.dataclass(frozen=True, repr=False)
class TopsisResult(Ranking):
    """TOPSIS closeness (``scores``), distances and ideal points (in ``details``)."""

    @property
    def closeness(self) -> FloatArray:
        """Relative closeness to the ideal, ``D- / (D+ + D-)``, in [0, 1]."""
        return self.scores

    @property
    def distance_to_ideal(self) -> FloatArray:
        """Euclidean distance D+ of each alternative to the ideal point."""
        out: FloatArray = self.details["distance_to_ideal"]
        return out

    @property
    def distance_to_anti_ideal(self) -> FloatArray:
        """Euclidean distance D- of each alternative to the anti-ideal point."""
        out: FloatArray = self.details["distance_to_anti_ideal"]
        return out


def _prepare(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    cost: CostSpec,
    normalize_weights: bool,
    criteria: Sequence[str] | None,
    alternatives: Sequence[str] | None,
) -> tuple[FloatArray, FloatArray, BoolArray, tuple[str, ...], tuple[str, ...]]:
    x = as_matrix(matrix)
    m, n = x.shape
    criterion_names = as_names(criteria, n, what="criterion", prefix="C")
    alternative_names = as_names(alternatives, m, what="alternative", prefix="A")
    w = as_weights(
        np.asarray(weights, dtype=np.float64),
        n,
        normalize_weights=normalize_weights,
        criteria=criterion_names,
    )
    mask = as_cost_mask(cost, n, criterion_names)
    return x, w, mask, criterion_names, alternative_names


def weighted_sum(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    *,
    cost: CostSpec = None,
    normalization: NormalizationMethod | None = "minmax",
    normalize_weights: bool = False,
    criteria: Sequence[str] | None = None,
    alternatives: Sequence[str] | None = None,
) -> Ranking:
    r"""Simple additive weighting: :math:`S_i = \sum_j w_j r_{ij}`.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Decision matrix.
    weights : array_like, shape (n,)
        Non-negative weights summing to one (or pass ``normalize_weights=True``).
    cost : sequence of bool, int or str, optional
        Cost criteria.
    normalization : {"minmax", "vector", "sum", "max", "target"} or None
        How :math:`r` is made from :math:`x` (see :func:`normalize`); ``None`` uses the
        matrix as it is (already normalised, larger is better; ``cost`` not allowed).

    Examples
    --------
    >>> from iecommons.analytics import weighted_sum
    >>> result = weighted_sum([[1.0, 200.0], [2.0, 100.0], [1.5, 150.0]], [0.5, 0.5], cost=[1])
    >>> result.scores, result.ranks
    (array([0. , 1. , 0.5]), array([3, 1, 2]))
    """
    x, w, mask, criterion_names, alternative_names = _prepare(
        matrix, weights, cost, normalize_weights, criteria, alternatives
    )
    if normalization is None:
        if mask.any():
            raise ValueError(
                "cost criteria need a normalisation to turn them around; "
                "pass normalization='minmax' (or another method)"
            )
        scores = x @ w
        if not np.isfinite(scores).all():
            raise_non_finite(x, criteria=criterion_names, alternatives=alternative_names)
    else:
        check_finite(x, criteria=criterion_names, alternatives=alternative_names)
        r = normalize(x, normalization, cost=mask, criteria=criterion_names)
        scores = r @ w
    return Ranking(
        scores=scores,
        method=f"wsm({normalization})",
        alternatives=alternative_names,
        criteria=criterion_names,
        weights=w,
    )


def topsis(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    *,
    cost: CostSpec = None,
    normalization: NormalizationMethod = "vector",
    normalize_weights: bool = False,
    criteria: Sequence[str] | None = None,
    alternatives: Sequence[str] | None = None,
) -> TopsisResult:
    r"""TOPSIS (Hwang & Yoon 1981): closeness to the ideal and distance from the anti-ideal.

    With the default vector normalisation, :math:`v_{ij} = w_j x_{ij} / \lVert x_j
    \rVert_2`; the ideal :math:`A^+` takes the best value of each criterion (maximum for
    benefit, minimum for cost) and the anti-ideal :math:`A^-` the worst;
    :math:`D^\pm_i = \lVert v_i - A^\pm \rVert_2` and the closeness is
    :math:`C_i = D^-_i / (D^+_i + D^-_i)` (0.5 where both distances are 0).

    With another ``normalization`` (e.g. ``"minmax"``, pymcdm's default), cost
    criteria are turned around by the normalisation and the ideal is the column maximum.

    Parameters
    ----------
    matrix : array_like, shape (m, n)
        Decision matrix.
    weights : array_like, shape (n,)
        Weights summing to one (or ``normalize_weights=True``).
    cost : sequence of bool, int or str, optional
        Cost criteria.
    normalization : {"vector", "minmax", "sum", "max", "target"}
        Vector by default, as Hwang & Yoon define TOPSIS.

    Returns
    -------
    TopsisResult
        ``scores`` (= ``closeness``), ``distance_to_ideal``, ``distance_to_anti_ideal``;
        ``details`` also holds ``ideal`` and ``anti_ideal`` (weighted normalised).

    Examples
    --------
    >>> from iecommons.analytics import topsis
    >>> result = topsis([[250, 16, 12], [200, 16, 8], [300, 32, 16]],
    ...                 [0.25, 0.25, 0.5], cost=[0])
    >>> result.closeness.round(4), result.ranks
    (array([0.4081, 0.2119, 0.7881]), array([2, 3, 1]))
    """
    x, w, mask, criterion_names, alternative_names = _prepare(
        matrix, weights, cost, normalize_weights, criteria, alternatives
    )
    if normalization == "vector":
        norms = np.sqrt(np.einsum("ij,ij->j", x, x))
        if not np.isfinite(norms).all():
            raise_non_finite(x, criteria=criterion_names, alternatives=alternative_names)
        if (norms == 0).any():
            j = int(np.flatnonzero(norms == 0)[0])
            raise ValueError(
                f"criterion {criterion_names[j]!r} is all zeros: vector normalisation "
                "needs at least one non-zero value"
            )
        scale = w / norms
        # Weights are non-negative, so the best weighted value is the weight times the
        # best raw value: the extremes come from x, no weighted copy is searched.
        high = x.max(axis=0) * scale
        low = x.min(axis=0) * scale
        ideal = np.where(mask, low, high)
        anti_ideal = np.where(mask, high, low)
        buffer = np.multiply(x, scale)
    else:
        check_finite(x, criteria=criterion_names, alternatives=alternative_names)
        r = normalize(x, normalization, cost=mask, criteria=criterion_names)
        buffer = np.multiply(r, w)
        ideal = buffer.max(axis=0)
        anti_ideal = buffer.min(axis=0)
    buffer -= ideal
    distance_to_ideal = np.sqrt(np.einsum("ij,ij->i", buffer, buffer))
    buffer += ideal - anti_ideal
    distance_to_anti_ideal = np.sqrt(np.einsum("ij,ij->i", buffer, buffer))
    total = distance_to_ideal + distance_to_anti_ideal
    closeness = np.divide(
        distance_to_anti_ideal, total, out=np.full_like(total, 0.5), where=total > 0
    )
    return TopsisResult(
        scores=closeness,
        method=f"topsis({normalization})",
        alternatives=alternative_names,
        criteria=criterion_names,
        weights=w,
        details={
            "distance_to_ideal": distance_to_ideal,
            "distance_to_anti_ideal": distance_to_anti_ideal,
            "ideal": ideal,
            "anti_ideal": anti_ideal,
        },
    )


def grey_relational(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    *,
    cost: CostSpec = None,
    rho: float = 0.5,
    normalization: NormalizationMethod = "minmax",
    reference: npt.ArrayLike | None = None,
    normalize_weights: bool = False,
    criteria: Sequence[str] | None = None,
    alternatives: Sequence[str] | None = None,
) -> Ranking:
    r"""Grey relational analysis (Deng 1982): weighted grey relational grade to the ideal.

    After direction-aware normalisation :math:`r`, the reference sequence is the best
    value of each criterion (or ``reference``, given in normalised units);
    :math:`\Delta_{ij} = |r_{0j} - r_{ij}|`, and the grey relational coefficient is
    :math:`\xi_{ij} = (\Delta_{min} + \rho \Delta_{max}) / (\Delta_{ij} + \rho
    \Delta_{max})` with the minimum and maximum over the whole matrix and the
    distinguishing coefficient :math:`0 < \rho \le 1` (0.5 by default). The grade is
    :math:`\gamma_i = \sum_j w_j \xi_{ij}`. If every :math:`\Delta` is 0, all
    coefficients are 1.

    Returns
    -------
    Ranking
        ``scores`` are the grades; ``details["coefficients"]`` the matrix :math:`\xi`.

    Examples
    --------
    >>> from iecommons.analytics import grey_relational
    >>> grey_relational([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]], [0.5, 0.5]).scores.round(4)
    array([0.6667, 0.5   , 0.6667])
    """
    if not 0 < rho <= 1:
        raise ValueError(f"rho is {rho}: expected a distinguishing coefficient in (0, 1]")
    x, w, mask, criterion_names, alternative_names = _prepare(
        matrix, weights, cost, normalize_weights, criteria, alternatives
    )
    check_finite(x, criteria=criterion_names, alternatives=alternative_names)
    r = normalize(x, normalization, cost=mask, criteria=criterion_names)
    if reference is None:
        best = r.max(axis=0)
    else:
        best = np.asarray(reference, dtype=np.float64)
        if best.shape != (x.shape[1],):
            raise ValueError(
                f"reference has shape {best.shape}, expected ({x.shape[1]},): one per criterion"
            )
    delta = np.abs(r - best)
    low, high = float(delta.min()), float(delta.max())
    coefficients = np.ones_like(delta) if high == 0 else (low + rho * high) / (delta + rho * high)
    return Ranking(
        scores=coefficients @ w,
        method=f"gra(rho={rho:g})",
        alternatives=alternative_names,
        criteria=criterion_names,
        weights=w,
        details={"coefficients": coefficients},
    )
