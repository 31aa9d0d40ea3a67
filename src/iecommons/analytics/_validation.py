"""Input checks shared by every analytics function.

Each check is vectorised: one cheap reduction over the whole array first, and only
when that reduction fails do we search for the offending cell to name it in the
message. Messages name the criterion, row or cell and say what was expected.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Weights must sum to one within this tolerance unless the caller asks to normalise.
WEIGHT_SUM_TOLERANCE = 1e-6


def _criterion_label(j: int, criteria: Sequence[str] | None) -> str:
    if criteria is not None and j < len(criteria):
        return f"criterion {criteria[j]!r} (column {j})"
    return f"criterion {j}"


def _row_label(i: int, alternatives: Sequence[str] | None) -> str:
    if alternatives is not None and i < len(alternatives):
        return f"alternative {alternatives[i]!r} (row {i})"
    return f"row {i}"


def as_matrix(
    matrix: npt.ArrayLike,
    *,
    name: str = "matrix",
    min_rows: int = 1,
    min_columns: int = 1,
) -> FloatArray:
    """Return ``matrix`` as a 2-D float64 array, without copying when possible."""
    try:
        array = np.asarray(matrix, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a 2-D array of numbers: {error}") from None
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (alternatives x criteria), got {array.ndim} dimension(s)"
        )
    rows, columns = array.shape
    if rows < min_rows:
        raise ValueError(f"{name} needs at least {min_rows} row(s), got {rows}")
    if columns < min_columns:
        raise ValueError(f"{name} needs at least {min_columns} column(s), got {columns}")
    return array


def raise_non_finite(
    array: FloatArray,
    *,
    name: str = "matrix",
    criteria: Sequence[str] | None = None,
    alternatives: Sequence[str] | None = None,
) -> None:
    """Raise naming the first NaN or infinite cell; call only once a reduction failed."""
    bad = np.argwhere(~np.isfinite(array))
    if bad.size == 0:
        raise ValueError(
            f"{name} has values too large to compute with (overflow): "
            "rescale the data (e.g. express money in thousands)"
        )
    if array.ndim == 1:
        j = int(bad[0][0])
        raise ValueError(f"{name}[{j}] is {array[j]}: expected a finite number")
    i, j = (int(k) for k in bad[0])
    raise ValueError(
        f"{name} has {array[i, j]} at {_row_label(i, alternatives)}, "
        f"{_criterion_label(j, criteria)}: expected a finite number"
    )


def check_finite(
    array: FloatArray,
    *,
    name: str = "matrix",
    criteria: Sequence[str] | None = None,
    alternatives: Sequence[str] | None = None,
) -> None:
    """Raise ``ValueError`` naming the first NaN or infinite cell of ``array``."""
    # A sum is NaN or infinite as soon as one term is: one fast reduction, no mask.
    if not np.isfinite(array.sum()):
        raise_non_finite(array, name=name, criteria=criteria, alternatives=alternatives)


def raise_below(
    array: FloatArray,
    columns: BoolArray | None,
    bound: float,
    *,
    strict: bool,
    why: str,
    name: str = "matrix",
    criteria: Sequence[str] | None = None,
    alternatives: Sequence[str] | None = None,
) -> None:
    """Raise naming the first cell below ``bound`` (or at it when ``strict``)."""
    sub = array if columns is None else array[:, columns]
    mask = sub <= bound if strict else sub < bound
    i, j = (int(k) for k in np.argwhere(mask)[0])
    if columns is not None:
        j = int(np.flatnonzero(columns)[j])
    expected = f"greater than {bound:g}" if strict else f"at least {bound:g}"
    raise ValueError(
        f"{name} has {array[i, j]:g} at {_row_label(i, alternatives)}, "
        f"{_criterion_label(j, criteria)}: expected a value {expected} ({why})"
    )


def as_cost_mask(
    cost: npt.ArrayLike | Sequence[str] | None,
    n_criteria: int,
    criteria: Sequence[str] | None = None,
) -> BoolArray:
    """Turn a cost specification into a boolean mask over the criteria.

    ``cost`` may be ``None`` (all benefit), a boolean sequence of length
    ``n_criteria``, a sequence of column indices, or a sequence of criterion names
    (then ``criteria`` must be given). Directions given as ``+1``/``-1`` (the
    convention of pymcdm) are accepted too: ``-1`` means cost.
    """
    if cost is None:
        return np.zeros(n_criteria, dtype=bool)
    items: list[Any] = cost.tolist() if isinstance(cost, np.ndarray) else list(cost)  # type: ignore[arg-type]
    if not items:
        return np.zeros(n_criteria, dtype=bool)
    if all(isinstance(item, str) for item in items):
        if criteria is None:
            raise ValueError("cost criteria given by name, but no criterion names were given")
        index = {str(c): k for k, c in enumerate(criteria)}
        mask = np.zeros(n_criteria, dtype=bool)
        for item in items:
            if item not in index:
                known = ", ".join(repr(str(c)) for c in criteria)
                raise ValueError(f"unknown criterion {item!r} in cost; known criteria: {known}")
            mask[index[item]] = True
        return mask
    if all(isinstance(item, bool | np.bool_) for item in items):
        if len(items) != n_criteria:
            raise ValueError(
                f"cost mask has {len(items)} entries, expected one per criterion ({n_criteria})"
            )
        return np.asarray(items, dtype=bool)
    if len(items) == n_criteria and set(items) <= {1, -1} and -1 in items:
        return np.asarray(items) == -1
    mask = np.zeros(n_criteria, dtype=bool)
    for item in items:
        if not isinstance(item, int | np.integer) or not 0 <= int(item) < n_criteria:
            raise ValueError(
                f"cost entry {item!r} is not a criterion index in 0..{n_criteria - 1}, "
                "a criterion name, or a boolean mask"
            )
        mask[int(item)] = True
    return mask


def as_weights(
    weights: npt.ArrayLike,
    n_criteria: int,
    *,
    normalize_weights: bool = False,
    name: str = "weights",
    criteria: Sequence[str] | None = None,
) -> FloatArray:
    """Return ``weights`` as a 1-D float64 vector of non-negative numbers summing to one.

    Weights must already sum to one (within 1e-6) unless ``normalize_weights`` is true.
    """
    try:
        vector = np.asarray(weights, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a 1-D array of numbers: {error}") from None
    if vector.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got {vector.ndim} dimension(s)")
    if vector.shape[0] != n_criteria:
        raise ValueError(
            f"{name} has {vector.shape[0]} entries, expected one per criterion ({n_criteria})"
        )
    total = float(vector.sum())
    if not np.isfinite(total):
        raise_non_finite(vector, name=name)
    if (vector < 0).any():
        j = int(np.flatnonzero(vector < 0)[0])
        raise ValueError(
            f"{name} for {_criterion_label(j, criteria)} is {vector[j]:g}: "
            "expected a non-negative weight"
        )
    if total <= 0:
        raise ValueError(f"{name} are all zero: at least one criterion needs a positive weight")
    if normalize_weights:
        return vector / total
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise ValueError(
            f"{name} sum to {total:.6g}, expected 1; pass normalize_weights=True to rescale them"
        )
    return vector


@functools.lru_cache(maxsize=64)
def _default_names(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{k + 1}" for k in range(count))


def as_names(names: Sequence[str] | None, count: int, *, what: str, prefix: str) -> tuple[str, ...]:
    """Return ``names`` as a tuple of strings, or generated names ``prefix1..prefixN``."""
    if names is None:
        return _default_names(prefix, count)
    result = tuple(str(n) for n in names)
    if len(result) != count:
        raise ValueError(f"{len(result)} {what} names given, expected {count}")
    seen: set[str] = set()
    for name in result:
        if name in seen:
            raise ValueError(f"{what} name {name!r} appears twice")
        seen.add(name)
    return result
