"""The analytic hierarchy process: priorities and consistency from pairwise judgments."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin
from iecommons.analytics._validation import FloatArray, as_names, as_weights

#: Random consistency indices by matrix order n = 1, 2, ... (index 0 is n = 1).
RANDOM_INDEX_TABLES: dict[str, tuple[float, ...]] = {
    # Saaty, The Analytic Hierarchy Process (McGraw-Hill, 1980), n = 1..15.
    "saaty": (
        0.0,
        0.0,
        0.58,
        0.90,
        1.12,
        1.24,
        1.32,
        1.41,
        1.45,
        1.49,
        1.51,
        1.48,
        1.56,
        1.57,
        1.59,
    ),
    # The table found in Chinese textbooks (层次分析法 平均随机一致性指标 RI), n = 1..15.
    "chinese_textbook": (
        0.0,
        0.0,
        0.52,
        0.89,
        1.12,
        1.26,
        1.36,
        1.41,
        1.46,
        1.49,
        1.52,
        1.54,
        1.56,
        1.58,
        1.59,
    ),
}

#: Saaty's fundamental scale 1/9 .. 9, used to snap suggested judgments.
SAATY_SCALE: FloatArray = np.array([1.0 / k for k in range(9, 1, -1)] + list(range(1, 10)))

#: A matrix is called consistent when CR is below this threshold (Saaty's 10 %).
CONSISTENCY_THRESHOLD = 0.1


@dataclasses.dataclass(frozen=True, repr=False)
class JudgmentRevision(ResultMixin):
    """The single pairwise judgment whose revision lowers CR the most.

    ``row`` and ``column`` are 0-based indices of the cell ``a[row, column]``
    (its reciprocal ``a[column, row]`` changes with it).
    """

    row: int
    column: int
    row_name: str
    column_name: str
    current: float
    suggested: float
    cr_after: float

    def describe(self) -> str:
        """One sentence for people: which judgment to revise, and to what."""
        return (
            f"revise a[{self.row_name}, {self.column_name}] from {_fraction(self.current)} "
            f"to {_fraction(self.suggested)} (on Saaty's 1/9..9 scale): "
            f"CR becomes {self.cr_after:.4f}"
        )


@dataclasses.dataclass(frozen=True, repr=False)
class AHPResult(ResultMixin):
    """Priorities of one pairwise comparison matrix and its consistency.

    ``numpy.asarray(result)`` is ``result.weights``.

    Attributes
    ----------
    weights : numpy.ndarray
        Priority vector, positive, summing to one.
    lambda_max : float
        Principal eigenvalue (for the geometric mean method, the usual estimate
        ``mean((A w)_i / w_i)``).
    ci, cr, ri : float
        Consistency index ``(lambda_max - n) / (n - 1)``, random index for this ``n``,
        consistency ratio ``CI / RI`` (0 when RI is 0, i.e. n <= 2).
    ri_table : str
        Name of the RI table used; ``ri_values`` its values for n = 1, 2, ...
    consistent : bool
        ``cr < threshold`` (0.1 by default).
    suggestion : JudgmentRevision or None
        For an inconsistent matrix, the judgment whose revision lowers CR the most.
    """

    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    ri: float
    ri_table: str
    ri_values: tuple[float, ...]
    consistent: bool
    method: str
    criteria: tuple[str, ...]
    suggestion: JudgmentRevision | None = None

    def __array__(self, dtype: Any = None, copy: Any = None) -> FloatArray:
        return self.weights if dtype is None else self.weights.astype(dtype)


@dataclasses.dataclass(frozen=True, repr=False)
class GroupAHPResult(ResultMixin):
    """Group priorities from several experts, with each expert's own consistency.

    ``group`` is the AHP result of the aggregated matrix (AIJ) or ``None`` (AIP);
    ``experts`` holds one :class:`AHPResult` per expert, in the order given.
    """

    weights: FloatArray
    method: str
    expert_weights: FloatArray
    experts: tuple[AHPResult, ...]
    group: AHPResult | None
    criteria: tuple[str, ...]

    def __array__(self, dtype: Any = None, copy: Any = None) -> FloatArray:
        return self.weights if dtype is None else self.weights.astype(dtype)


def _fraction(value: float) -> str:
    if value < 1 and abs(1 / value - round(1 / value)) < 1e-9:
        return f"1/{round(1 / value)}"
    return f"{value:g}"


def _ri_lookup(
    ri_table: str | Mapping[int, float] | Sequence[float], n: int
) -> tuple[str, tuple[float, ...], float]:
    if isinstance(ri_table, str):
        if ri_table not in RANDOM_INDEX_TABLES:
            known = ", ".join(RANDOM_INDEX_TABLES)
            raise ValueError(f"unknown RI table {ri_table!r}: expected one of {known}")
        name, values = ri_table, RANDOM_INDEX_TABLES[ri_table]
    elif isinstance(ri_table, Mapping):
        size = max(ri_table)
        name = "custom"
        values = tuple(float(ri_table.get(k, 0.0)) for k in range(1, size + 1))
    else:
        name, values = "custom", tuple(float(v) for v in ri_table)
    if n > len(values):
        raise ValueError(
            f"the {name} RI table covers n = 1..{len(values)}, the matrix has n = {n}: "
            "pass a longer table as ri_table"
        )
    return name, values, values[n - 1]


def check_pairwise(
    matrix: npt.ArrayLike,
    *,
    tolerance: float = 0.01,
    criteria: Sequence[str] | None = None,
    name: str = "pairwise matrix",
) -> FloatArray:
    """Return a validated pairwise comparison matrix, or raise naming the bad cell.

    Checks: square, finite, positive, unit diagonal and reciprocal
    (``|a_ij * a_ji - 1| <= tolerance``), all in a few vectorised operations.

    Examples
    --------
    >>> from iecommons.analytics import check_pairwise
    >>> check_pairwise([[1, 2], [0.5, 1]]).shape
    (2, 2)
    >>> try:
    ...     check_pairwise([[1, 2], [2, 1]], criteria=["cost", "quality"])
    ... except ValueError as error:
    ...     print(str(error)[:57])
    pairwise matrix is not reciprocal at cell (cost, quality)
    """
    try:
        a = np.asarray(matrix, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a square array of numbers: {error}") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(f"{name} must be square (n x n), got shape {a.shape}")
    n = a.shape[0]
    if n == 0:
        raise ValueError(f"{name} is empty")
    labels = as_names(criteria, n, what="criterion", prefix="C")
    if not (np.isfinite(a).all() and (a > 0).all()):
        i, j = (int(k) for k in np.argwhere(~(np.isfinite(a) & (a > 0)))[0])
        raise ValueError(
            f"{name} has {a[i, j]} at cell ({labels[i]}, {labels[j]}) [row {i + 1}, "
            f"column {j + 1}]: expected a positive finite judgment such as 1/9..9"
        )
    product = a * a.T
    bad = np.abs(product - 1.0) > tolerance
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        if i == j:
            raise ValueError(
                f"{name} has {a[i, i]:g} on the diagonal at ({labels[i]}, {labels[i]}) "
                f"[row {i + 1}]: expected 1"
            )
        raise ValueError(
            f"{name} is not reciprocal at cell ({labels[i]}, {labels[j]}) [row {i + 1}, "
            f"column {j + 1}]: a_ij = {a[i, j]:g} but a_ji = {a[j, i]:g}, "
            f"expected a_ji = 1/a_ij = {1 / a[i, j]:.4g}"
        )
    return a


def _principal(a: FloatArray) -> tuple[float, FloatArray]:
    """Principal eigenpair of a positive matrix by repeated squaring (Saaty's own method).

    The normalised row sums of A^(2^k) converge to the Perron vector at a doubly
    exponential rate; a handful of 15 x 15 products beats a general eigensolver. If
    they have not settled after 40 squarings, fall back to ``numpy.linalg.eig``.
    """
    power = a / a.sum()
    w = power.sum(axis=1)
    for _ in range(40):
        power = power @ power
        power /= power.sum()
        updated = power.sum(axis=1)
        if np.abs(updated - w).max() <= 1e-15:
            w = updated
            break
        w = updated
    else:
        values, vectors = np.linalg.eig(a)
        k = int(np.argmax(values.real))
        vector = np.abs(vectors[:, k].real)
        return float(values[k].real), vector / vector.sum()
    w = w / w.sum()
    return float(((a @ w) / w).mean()), w


def _priorities(a: FloatArray, method: str) -> tuple[float, FloatArray]:
    if method == "eigenvector":
        return _principal(a)
    if method == "geometric_mean":
        w = np.exp(np.log(a).mean(axis=1))
        w /= w.sum()
        return float(((a @ w) / w).mean()), w
    raise ValueError(f"unknown method {method!r}: expected 'eigenvector' or 'geometric_mean'")


def _suggest(
    a: FloatArray,
    ri: float,
    method: str,
    labels: tuple[str, ...],
) -> JudgmentRevision | None:
    """Try every upper-triangle judgment at every value of Saaty's scale; keep the best.

    All candidate matrices (n(n-1)/2 cells x 17 values) are evaluated in one batched
    eigenvalue call; among equally good candidates the smallest change wins.
    """
    n = a.shape[0]
    rows, columns = np.triu_indices(n, k=1)
    pairs = rows.shape[0]
    scale = SAATY_SCALE.shape[0]
    cell_rows = np.repeat(rows, scale)
    cell_columns = np.repeat(columns, scale)
    values = np.tile(SAATY_SCALE, pairs)
    current = a[cell_rows, cell_columns]
    changed = np.abs(values - current) > 1e-9 * values
    if not changed.any():
        return None
    cell_rows, cell_columns, values = cell_rows[changed], cell_columns[changed], values[changed]
    current = current[changed]
    candidates = np.broadcast_to(a, (values.shape[0], n, n)).copy()
    index = np.arange(values.shape[0])
    candidates[index, cell_rows, cell_columns] = values
    candidates[index, cell_columns, cell_rows] = 1.0 / values
    if method == "eigenvector":
        lambdas = np.linalg.eigvals(candidates).real.max(axis=1)
    else:
        gm = np.exp(np.log(candidates).mean(axis=2))
        gm /= gm.sum(axis=1, keepdims=True)
        lambdas = (np.einsum("kij,kj->ki", candidates, gm) / gm).mean(axis=1)
    crs = np.maximum((lambdas - n) / (n - 1), 0.0) / ri
    # Prefer the lowest CR; among (numerically) equal ones, the smallest revision.
    change = np.abs(np.log(values / current))
    best = int(np.lexsort((change, np.round(crs, 9)))[0])
    i, j = int(cell_rows[best]), int(cell_columns[best])
    return JudgmentRevision(
        row=i,
        column=j,
        row_name=labels[i],
        column_name=labels[j],
        current=float(a[i, j]),
        suggested=float(values[best]),
        cr_after=float(crs[best]),
    )


def ahp(
    matrix: npt.ArrayLike,
    *,
    method: Literal["eigenvector", "geometric_mean"] = "eigenvector",
    ri_table: str | Mapping[int, float] | Sequence[float] = "saaty",
    threshold: float = CONSISTENCY_THRESHOLD,
    tolerance: float = 0.01,
    criteria: Sequence[str] | None = None,
) -> AHPResult:
    r"""Priorities and consistency of a pairwise comparison matrix (Saaty's AHP).

    ``a[i, j]`` says how much more important criterion *i* is than *j*, on Saaty's
    1/9..9 scale, with ``a[j, i] = 1 / a[i, j]``.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Positive reciprocal matrix with a unit diagonal.
    method : {"eigenvector", "geometric_mean"}
        Principal right eigenvector (Saaty) or normalised row geometric means.
    ri_table : str, mapping or sequence
        ``"saaty"`` (default, Saaty 1980, n <= 15), ``"chinese_textbook"``
        (0, 0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58,
        1.59), or your own values for n = 1, 2, ... (reported as ``"custom"``).
    threshold : float
        CR below which the matrix counts as consistent (0.1).
    tolerance : float
        Allowed ``|a_ij a_ji - 1|``; 0.01 accepts 0.333 for 1/3.
    criteria : sequence of str, optional
        Names of the compared items, used in messages and the suggestion.

    Returns
    -------
    AHPResult
        An inconsistent matrix is not an error: ``consistent`` is false and
        ``suggestion`` names the judgment *(i, j)* to revise and the value to give it:
        every upper-triangle judgment is tried at every value of Saaty's scale
        (1/9..9, with its reciprocal), and the single change giving the lowest CR is
        suggested (ties: the smallest change), with the CR it gives.

    Raises
    ------
    ValueError
        Not square, not positive and finite, diagonal not 1, or not reciprocal: the
        message names the cell.

    Examples
    --------
    >>> from iecommons.analytics import ahp
    >>> result = ahp([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]])
    >>> result.weights.round(3)
    array([0.637, 0.258, 0.105])
    >>> round(result.cr, 3), result.consistent, result.ri_table
    (0.033, True, 'saaty')
    """
    a = check_pairwise(matrix, tolerance=tolerance, criteria=criteria)
    n = a.shape[0]
    labels = as_names(criteria, n, what="criterion", prefix="C")
    table, values, ri = _ri_lookup(ri_table, n)
    if n == 1:
        lambda_max, w = 1.0, np.ones(1)
    else:
        lambda_max, w = _priorities(a, method)
    ci = max((lambda_max - n) / (n - 1), 0.0) if n > 1 else 0.0
    cr = ci / ri if ri > 0 else 0.0
    consistent = cr < threshold
    suggestion = None if consistent or ri <= 0 else _suggest(a, ri, method, labels)
    return AHPResult(
        weights=w,
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        ri=ri,
        ri_table=table,
        ri_values=values,
        consistent=consistent,
        method=method,
        criteria=labels,
        suggestion=suggestion,
    )


def group_ahp(
    matrices: Sequence[npt.ArrayLike],
    *,
    aggregation: Literal["judgments", "priorities"] = "judgments",
    expert_weights: npt.ArrayLike | None = None,
    method: Literal["eigenvector", "geometric_mean"] = "eigenvector",
    ri_table: str | Mapping[int, float] | Sequence[float] = "saaty",
    threshold: float = CONSISTENCY_THRESHOLD,
    tolerance: float = 0.01,
    criteria: Sequence[str] | None = None,
) -> GroupAHPResult:
    r"""Aggregate several experts' pairwise matrices (Forman & Peniwati 1998).

    * ``aggregation="judgments"`` (AIJ, default): the element-wise weighted geometric
      mean :math:`\prod_k a^{(k)\,\lambda_k}_{ij}` is itself reciprocal; its priorities
      and consistency are those of the group.
    * ``aggregation="priorities"`` (AIP): each expert's priorities are combined by
      weighted geometric mean and renormalised; ``group`` is then ``None``.

    ``expert_weights`` (default equal) must sum to one. Each expert's own CR is in
    ``experts[k].cr``.

    Examples
    --------
    >>> from iecommons.analytics import group_ahp
    >>> result = group_ahp([[[1, 2], [1/2, 1]], [[1, 8], [1/8, 1]]])
    >>> result.weights.round(3)
    array([0.8, 0.2])
    """
    if len(matrices) == 0:
        raise ValueError("group_ahp needs at least one expert's matrix")
    experts: list[AHPResult] = []
    arrays: list[FloatArray] = []
    for k, matrix in enumerate(matrices):
        a = check_pairwise(
            matrix, tolerance=tolerance, criteria=criteria, name=f"expert {k + 1}'s matrix"
        )
        if arrays and a.shape != arrays[0].shape:
            raise ValueError(
                f"expert {k + 1}'s matrix is {a.shape[0]} x {a.shape[0]}, expected "
                f"{arrays[0].shape[0]} x {arrays[0].shape[0]} like expert 1's"
            )
        arrays.append(a)
        experts.append(
            ahp(
                a,
                method=method,
                ri_table=ri_table,
                threshold=threshold,
                tolerance=tolerance,
                criteria=criteria,
            )
        )
    count = len(arrays)
    lambdas = (
        np.full(count, 1.0 / count)
        if expert_weights is None
        else as_weights(expert_weights, count, name="expert weights")
    )
    stack = np.stack(arrays)
    if aggregation == "judgments":
        combined = np.exp(np.einsum("k,kij->ij", lambdas, np.log(stack)))
        group = ahp(
            combined,
            method=method,
            ri_table=ri_table,
            threshold=threshold,
            tolerance=1e-6,
            criteria=criteria,
        )
        weights = group.weights
    elif aggregation == "priorities":
        priorities = np.stack([e.weights for e in experts])
        weights = np.exp(lambdas @ np.log(priorities))
        weights /= weights.sum()
        group = None
    else:
        raise ValueError(
            f"unknown aggregation {aggregation!r}: expected 'judgments' (AIJ) or 'priorities' (AIP)"
        )
    return GroupAHPResult(
        weights=weights,
        method=f"{aggregation}({method})",
        expert_weights=lambdas,
        experts=tuple(experts),
        group=group,
        criteria=experts[0].criteria,
    )
