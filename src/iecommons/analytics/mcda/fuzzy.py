"""Fuzzy comprehensive evaluation (模糊综合评价): memberships, operators, grades."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin
from iecommons.analytics._validation import FloatArray, as_names, as_weights, check_finite

Operator = Literal["weighted_average", "max_min"]
Assignment = Literal["max_membership", "weighted_score"]


@dataclasses.dataclass(frozen=True, repr=False)
class FuzzyResult(ResultMixin):
    """Membership of each alternative in each grade, and the grade assigned.

    Attributes
    ----------
    membership : numpy.ndarray, shape (n_alternatives, n_grades)
        Evaluation vector B of each alternative, rescaled to sum to one.
    raw_membership : numpy.ndarray
        B before rescaling (as the operator produced it).
    grade_index : numpy.ndarray of int
        Index (0-based) of the assigned grade.
    grades : tuple of str
        Name of the assigned grade, per alternative.
    scores : numpy.ndarray or None
        Weighted scores :math:`\\sum_k b_k s_k`, when ``grade_scores`` were given.
    """

    membership: FloatArray
    raw_membership: FloatArray
    grade_index: npt.NDArray[np.int64]
    grades: tuple[str, ...]
    scores: FloatArray | None
    grade_names: tuple[str, ...]
    alternatives: tuple[str, ...]
    operator: str
    assignment: str


def triangular_grades(centres: npt.ArrayLike) -> FloatArray:
    """Trapezoid parameters for triangular grades that form a partition of unity.

    Grade *k* peaks at ``centres[k]`` and falls to 0 at the neighbouring centres; the
    first and last grades are shoulders (membership 1 beyond their centre). Centres
    must increase. Returns an array of shape (n_grades, 4) for :func:`fuzzy_memberships`.

    Examples
    --------
    >>> from iecommons.analytics import triangular_grades
    >>> triangular_grades([60, 75, 90])
    array([[-inf, -inf,  60.,  75.],
           [ 60.,  75.,  75.,  90.],
           [ 75.,  90.,  inf,  inf]])
    """
    c = np.asarray(centres, dtype=np.float64)
    if c.ndim != 1 or c.shape[0] < 2:
        raise ValueError("triangular grades need at least two centres in a 1-D sequence")
    check_finite(c, name="centres")
    if (np.diff(c) <= 0).any():
        k = int(np.flatnonzero(np.diff(c) <= 0)[0])
        raise ValueError(
            f"grade centres must increase: centres[{k}] = {c[k]:g} is not below "
            f"centres[{k + 1}] = {c[k + 1]:g}"
        )
    g = c.shape[0]
    params = np.empty((g, 4))
    params[:, 1] = c
    params[:, 2] = c
    params[1:, 0] = c[:-1]
    params[:-1, 3] = c[1:]
    params[0, :2] = -np.inf
    params[-1, 2:] = np.inf
    return params


def fuzzy_memberships(values: npt.ArrayLike, grades: npt.ArrayLike) -> FloatArray:
    r"""Membership of each value in each grade, from trapezoid or triangle parameters.

    Parameters
    ----------
    values : array_like, shape (n_alternatives, n_indicators) or (n_indicators,)
        Indicator values.
    grades : array_like, shape (n_grades, 4 or 3) or (n_indicators, n_grades, 4 or 3)
        Trapezoids ``(a, b, c, d)``: 0 up to *a*, rising to 1 at *b*, 1 up to *c*,
        falling to 0 at *d*; triangles ``(a, b, c)`` are trapezoids with a single peak.
        ``-inf``/``inf`` make shoulders (``a = b = -inf`` or ``c = d = inf``). One set
        for all indicators, or one per indicator.

    Returns
    -------
    numpy.ndarray, shape (..., n_indicators, n_grades)

    Examples
    --------
    >>> from iecommons.analytics import fuzzy_memberships, triangular_grades
    >>> fuzzy_memberships([70.0, 90.0], triangular_grades([60, 75, 90])).round(3)
    array([[0.333, 0.667, 0.   ],
           [0.   , 0.   , 1.   ]])
    """
    x = np.asarray(values, dtype=np.float64)
    check_finite(x, name="values")
    p = np.asarray(grades, dtype=np.float64)
    if p.shape[-1] == 3:
        p = np.concatenate([p[..., :2], p[..., 1:]], axis=-1)
    if p.shape[-1] != 4 or p.ndim not in (2, 3):
        raise ValueError(
            f"grades have shape {p.shape}: expected (n_grades, 3 or 4) or "
            "(n_indicators, n_grades, 3 or 4)"
        )
    with np.errstate(invalid="ignore"):
        unordered = bool((np.diff(p, axis=-1) < 0).any())
    if np.isnan(p).any() or unordered:
        raise ValueError("each grade needs a <= b <= c <= d (no NaN)")
    if p.ndim == 3 and p.shape[0] != x.shape[-1]:
        raise ValueError(f"grades are given for {p.shape[0]} indicators, values have {x.shape[-1]}")
    a, b, c, d = (p[..., k] for k in range(4))
    v = x[..., None]
    with np.errstate(invalid="ignore", divide="ignore"):
        rising = np.where(v >= b, 1.0, np.where(v <= a, 0.0, (v - a) / (b - a)))
        falling = np.where(v <= c, 1.0, np.where(v >= d, 0.0, (d - v) / (d - c)))
    out: FloatArray = np.minimum(rising, falling)
    return out


def fuzzy_evaluate(
    weights: npt.ArrayLike,
    membership: npt.ArrayLike | None = None,
    *,
    values: npt.ArrayLike | None = None,
    grades: npt.ArrayLike | None = None,
    operator: Operator = "weighted_average",
    assignment: Assignment = "max_membership",
    grade_scores: npt.ArrayLike | None = None,
    grade_names: Sequence[str] | None = None,
    alternatives: Sequence[str] | None = None,
    normalize_weights: bool = False,
) -> FuzzyResult:
    r"""Fuzzy comprehensive evaluation :math:`B = W \circ R`.

    Give either the membership matrices ``membership`` (R) directly, or indicator
    ``values`` and grade definitions ``grades`` (see :func:`fuzzy_memberships`).

    Operators:

    * ``"weighted_average"`` — :math:`M(\cdot, \oplus)`: :math:`b_k = \min(1,
      \sum_i w_i r_{ik})`; uses all the information (the usual choice).
    * ``"max_min"`` — :math:`M(\wedge, \vee)`: :math:`b_k = \max_i \min(w_i, r_{ik})`;
      Zadeh's operator, dominated by the main factor.

    :math:`B` is then rescaled to sum to one (``raw_membership`` keeps it unscaled).
    Grades are assigned by maximum membership (ties: the first grade) or, with
    ``assignment="weighted_score"``, by the score :math:`\sum_k b_k s_k` from
    ``grade_scores`` *s*, taking the grade whose score is nearest.

    Parameters
    ----------
    weights : array_like, shape (n_indicators,)
        Indicator weights summing to one.
    membership : array_like, shape (n_indicators, n_grades) or (n_alt, n_indicators, n_grades)
        Membership of each indicator in each grade (rows usually sum to one).
    values, grades : array_like, optional
        Alternative to ``membership``: indicator values and grade functions.
    grade_scores : array_like, shape (n_grades,), optional
        A score per grade (e.g. 95, 85, 75, 65, 50); needed for ``"weighted_score"``.
    grade_names : sequence of str, optional
        Names of the grades (``G1..Gg`` by default).

    Examples
    --------
    >>> from iecommons.analytics import fuzzy_evaluate
    >>> r = [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]]
    >>> result = fuzzy_evaluate([0.4, 0.6], r, grade_names=["good", "fair", "poor"])
    >>> result.membership.round(2), result.grades
    (array([[0.44, 0.38, 0.18]]), ('good',))
    """
    if membership is None:
        if values is None or grades is None:
            raise ValueError("give either membership matrices, or both values and grades")
        r = fuzzy_memberships(values, grades)
    else:
        if values is not None:
            raise ValueError("give membership matrices or values, not both")
        r = np.asarray(membership, dtype=np.float64)
    if r.ndim == 2:
        r = r[None, :, :]
    if r.ndim != 3:
        raise ValueError(
            f"membership has {r.ndim} dimension(s): expected (n_indicators, n_grades) or "
            "(n_alternatives, n_indicators, n_grades)"
        )
    n_alternatives, n_indicators, n_grades = r.shape
    if not np.isfinite(r.sum()):
        bad = np.argwhere(~np.isfinite(r))[0]
        raise ValueError(f"membership has a non-finite value at {tuple(int(k) for k in bad)}")
    if (r < 0).any() or (r > 1).any():
        bad = np.argwhere((r < 0) | (r > 1))[0]
        raise ValueError(
            f"membership {r[tuple(bad)]:g} at (alternative {bad[0]}, indicator {bad[1]}, "
            f"grade {bad[2]}) is outside [0, 1]"
        )
    w = as_weights(weights, n_indicators, normalize_weights=normalize_weights)
    names = as_names(grade_names, n_grades, what="grade", prefix="G")
    alternative_names = as_names(alternatives, n_alternatives, what="alternative", prefix="A")
    if operator == "weighted_average":
        raw = np.minimum(np.einsum("i,aik->ak", w, r), 1.0)
    elif operator == "max_min":
        raw = np.minimum(w[None, :, None], r).max(axis=1)
    else:
        raise ValueError(f"unknown operator {operator!r}: expected 'weighted_average' or 'max_min'")
    totals = raw.sum(axis=1, keepdims=True)
    b = np.divide(raw, totals, out=np.zeros_like(raw), where=totals > 0)
    scores = None
    if grade_scores is not None:
        s = np.asarray(grade_scores, dtype=np.float64)
        if s.shape != (n_grades,):
            raise ValueError(f"grade_scores has shape {s.shape}, expected ({n_grades},)")
        check_finite(s, name="grade_scores")
        scores = b @ s
    if assignment == "max_membership":
        index = b.argmax(axis=1)
    elif assignment == "weighted_score":
        if scores is None:
            raise ValueError("assignment='weighted_score' needs grade_scores")
        points = np.asarray(grade_scores, dtype=np.float64)
        index = np.abs(scores[:, None] - points[None, :]).argmin(axis=1)
    else:
        raise ValueError(
            f"unknown assignment {assignment!r}: expected 'max_membership' or 'weighted_score'"
        )
    index = index.astype(np.int64)
    return FuzzyResult(
        membership=b,
        raw_membership=raw,
        grade_index=index,
        grades=tuple(names[k] for k in index),
        scores=scores,
        grade_names=names,
        alternatives=alternative_names,
        operator=operator,
        assignment=assignment,
    )
