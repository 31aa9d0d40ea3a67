"""Direction-aware normalisation of a decision matrix (alternatives x criteria)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from iecommons.analytics._validation import (
    FloatArray,
    as_cost_mask,
    as_matrix,
    check_finite,
    raise_below,
)

NormalizationMethod = Literal["vector", "minmax", "sum", "max", "target"]
NORMALIZATION_METHODS: tuple[str, ...] = ("vector", "minmax", "sum", "max", "target")


def normalize(
    matrix: npt.ArrayLike,
    method: NormalizationMethod = "vector",
    *,
    cost: npt.ArrayLike | Sequence[str] | None = None,
    target: npt.ArrayLike | None = None,
    criteria: Sequence[str] | None = None,
) -> FloatArray:
    r"""Normalise each criterion (column) so that larger is better and scales agree.

    Parameters
    ----------
    matrix : array_like, shape (n_alternatives, n_criteria)
        Decision matrix, one row per alternative, one column per criterion.
    method : {"vector", "minmax", "sum", "max", "target"}
        * ``"vector"``: :math:`r = x / \lVert x \rVert_2`; cost: :math:`1 - x/\lVert x\rVert_2`.
        * ``"minmax"``: :math:`(x - \min)/(\max - \min)`; cost: :math:`(\max - x)/(\max - \min)`.
          A constant column becomes all ones (every alternative is as good as the best).
        * ``"sum"``: :math:`x / \sum x`; cost: :math:`(1/x) / \sum (1/x)` (needs x > 0).
        * ``"max"``: :math:`x / \max x`; cost: :math:`\min x / x` (needs x > 0).
        * ``"target"``: :math:`1 - |x - T| / (\max(x_{max}, T) - \min(x_{min}, T))`, the
          target-based normalisation of Jahan et al. (2011); direction is ignored.
    cost : sequence of bool, int or str, optional
        Cost criteria (smaller is better): a boolean mask, column indices, or names
        (with ``criteria``).
    target : array_like, shape (n_criteria,), optional
        Target values, required by ``method="target"``.
    criteria : sequence of str, optional
        Criterion names, used to resolve ``cost`` names and in error messages.

    Returns
    -------
    numpy.ndarray
        The normalised matrix, same shape, float64.

    Examples
    --------
    >>> from iecommons.analytics import normalize
    >>> normalize([[1.0, 10.0], [3.0, 30.0]], "minmax", cost=[1])
    array([[0., 1.],
           [1., 0.]])
    """
    x = as_matrix(matrix)
    mask = as_cost_mask(cost, x.shape[1], criteria)
    check_finite(x, criteria=criteria)
    if method == "vector":
        norms = np.sqrt(np.einsum("ij,ij->j", x, x))
        if (norms == 0).any():
            j = int(np.flatnonzero(norms == 0)[0])
            raise ValueError(
                f"criterion {_name(j, criteria)} is all zeros: vector normalisation needs "
                "at least one non-zero value"
            )
        r = x / norms
        if mask.any():
            r[:, mask] = 1.0 - r[:, mask]
        return r
    if method == "minmax":
        low = x.min(axis=0)
        span = x.max(axis=0) - low
        constant = span == 0
        safe = np.where(constant, 1.0, span)
        r = (x - low) / safe
        if mask.any():
            r[:, mask] = 1.0 - r[:, mask]
        if constant.any():
            r[:, constant] = 1.0
        return r
    if method in ("sum", "max"):
        why = f"{method} normalisation of a cost criterion takes 1/x"
        if mask.any() and (x[:, mask] <= 0).any():
            raise_below(x, mask, 0.0, strict=True, why=why, criteria=criteria)
        if (~mask).any() and (x[:, ~mask] < 0).any():
            raise_below(
                x, ~mask, 0.0, strict=False, why=f"{method} normalisation", criteria=criteria
            )
        r = x.copy()
        if mask.any():
            cost_part = x[:, mask]
            r[:, mask] = 1.0 / cost_part if method == "sum" else cost_part.min(axis=0) / cost_part
        if method == "sum":
            totals = r.sum(axis=0)
            bad = totals == 0
        else:
            totals = r.max(axis=0)
            totals[mask] = 1.0
            bad = totals == 0
        if bad.any():
            j = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"criterion {_name(j, criteria)} is all zeros: {method} normalisation "
                "needs a positive value"
            )
        r /= totals
        return r
    if method == "target":
        if target is None:
            raise ValueError("method='target' needs target values, one per criterion")
        goal = np.asarray(target, dtype=np.float64)
        if goal.shape != (x.shape[1],):
            raise ValueError(
                f"target has shape {goal.shape}, expected ({x.shape[1]},): one per criterion"
            )
        check_finite(goal, name="target")
        high = np.maximum(x.max(axis=0), goal)
        low = np.minimum(x.min(axis=0), goal)
        span = np.where(high > low, high - low, 1.0)
        return 1.0 - np.abs(x - goal) / span
    raise ValueError(
        f"unknown normalisation {method!r}: expected one of {', '.join(NORMALIZATION_METHODS)}"
    )


def _name(j: int, criteria: Sequence[str] | None) -> str:
    return repr(criteria[j]) if criteria is not None and j < len(criteria) else str(j)
