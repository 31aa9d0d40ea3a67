"""Reliability of a survey scale: Cronbach's alpha and item-total correlations."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin
from iecommons.analytics._validation import FloatArray, as_matrix, as_names, check_finite


@dataclasses.dataclass(frozen=True, repr=False)
class Reliability(ResultMixin):
    """Cronbach's alpha of a scale, with per-item diagnostics.

    Attributes
    ----------
    alpha : float
        Cronbach's alpha of all items.
    item_total_correlations : numpy.ndarray
        Corrected item–total correlation of each item (with the sum of the *other*
        items); NaN for an item that does not vary.
    alpha_if_deleted : numpy.ndarray
        Alpha of the scale without each item (NaN when a single item would remain,
        or when the remaining total does not vary).
    """

    alpha: float
    item_total_correlations: FloatArray
    alpha_if_deleted: FloatArray
    items: tuple[str, ...]
    respondents: int


def _alpha(covariance: FloatArray) -> float:
    k = covariance.shape[0]
    total = float(covariance.sum())
    if k < 2 or total <= 0:
        return float("nan")
    return k / (k - 1) * (1.0 - float(np.trace(covariance)) / total)


def _check(items: npt.ArrayLike, names: Sequence[str] | None) -> tuple[FloatArray, tuple[str, ...]]:
    x = as_matrix(items, name="responses", min_rows=2, min_columns=2)
    labels = as_names(names, x.shape[1], what="item", prefix="Q")
    check_finite(x, name="responses", criteria=labels)
    return x, labels


def item_total_correlations(
    items: npt.ArrayLike, *, names: Sequence[str] | None = None
) -> FloatArray:
    """Corrected item–total correlations: each item against the sum of the others.

    ``items`` has one row per respondent and one column per item. An item with no
    variance (or whose complement has none) gets NaN.

    Examples
    --------
    >>> from iecommons.analytics import item_total_correlations
    >>> item_total_correlations([[1, 2, 1], [2, 3, 2], [3, 3, 3], [4, 5, 3]]).round(3)
    array([0.992, 0.866, 0.87 ])
    """
    x, _ = _check(items, names)
    covariance = np.cov(x, rowvar=False)
    return _corrected(covariance)


def _corrected(covariance: FloatArray) -> FloatArray:
    item_variance = np.diagonal(covariance)
    row_sums = covariance.sum(axis=1)
    total = covariance.sum()
    # cov(item, rest) = row sum - variance; var(rest) = total - 2 row sum + variance
    with_rest = row_sums - item_variance
    rest_variance = total - 2 * row_sums + item_variance
    denominator = np.sqrt(np.clip(item_variance * rest_variance, 0.0, None))
    out: FloatArray = np.divide(
        with_rest, denominator, out=np.full_like(with_rest, np.nan), where=denominator > 0
    )
    return out


def cronbach_alpha(items: npt.ArrayLike, *, names: Sequence[str] | None = None) -> Reliability:
    r"""Cronbach's alpha :math:`\alpha = \frac{k}{k-1}\left(1 - \frac{\sum_i \sigma_i^2}
    {\sigma_T^2}\right)` of *k* items, with :math:`\sigma_T^2` the variance of the total.

    Rows are respondents, columns are items (e.g. Likert answers 1..5). Missing answers
    are not imputed: a NaN raises ``ValueError`` naming the row and item; drop or
    impute incomplete responses first. A scale whose total never varies raises.

    Examples
    --------
    >>> from iecommons.analytics import cronbach_alpha
    >>> result = cronbach_alpha([[1, 2, 1], [2, 3, 2], [3, 3, 3], [4, 5, 3]])
    >>> round(result.alpha, 4)
    0.9485
    """
    x, labels = _check(items, names)
    covariance = np.cov(x, rowvar=False)
    if covariance.sum() <= 0:
        raise ValueError("the total score does not vary across respondents: alpha is undefined")
    k = covariance.shape[0]
    deleted = np.array(
        [_alpha(np.delete(np.delete(covariance, i, axis=0), i, axis=1)) for i in range(k)]
    )
    return Reliability(
        alpha=_alpha(covariance),
        item_total_correlations=_corrected(covariance),
        alpha_if_deleted=deleted,
        items=labels,
        respondents=x.shape[0],
    )
