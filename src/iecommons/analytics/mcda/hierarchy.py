"""Indicator trees: dimensions made of indicators, local weights to global weights."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from iecommons.analytics._results import ResultMixin, rank_descending
from iecommons.analytics._validation import FloatArray, as_matrix, as_names, check_finite

_TOLERANCE = 1e-6


@dataclasses.dataclass(frozen=True, repr=False)
class IndicatorTree(ResultMixin):
    """Two-level indicator system: dimensions (一级指标) → indicators (二级指标).

    Build it with :meth:`from_dict`. ``local_weights`` are the weights of the
    indicators inside their dimension (they sum to one per dimension);
    ``global_weights`` are ``dimension weight x local weight`` and sum to one.

    Examples
    --------
    >>> from iecommons.analytics import IndicatorTree
    >>> tree = IndicatorTree.from_dict({
    ...     "teaching": (0.6, {"courses": 0.5, "textbooks": 0.5}),
    ...     "research": (0.4, {"patents": 1.0}),
    ... })
    >>> tree.indicators, tree.global_weights
    (('courses', 'textbooks', 'patents'), array([0.3, 0.3, 0.4]))
    """

    dimensions: tuple[str, ...]
    dimension_weights: FloatArray
    indicators: tuple[str, ...]
    dimension_of: tuple[int, ...]
    local_weights: FloatArray

    @classmethod
    def from_dict(
        cls,
        spec: Mapping[str, tuple[float, Mapping[str, float]]],
        *,
        normalize_weights: bool = False,
    ) -> IndicatorTree:
        """Build a tree from ``{dimension: (weight, {indicator: local weight})}``.

        Weights must sum to one (dimensions together, and indicators inside each
        dimension) unless ``normalize_weights`` is true. Indicator names are unique.
        """
        if not spec:
            raise ValueError("an indicator tree needs at least one dimension")
        dimensions = tuple(str(k) for k in spec)
        dimension_weights = np.array([float(spec[d][0]) for d in spec])
        indicators: list[str] = []
        dimension_of: list[int] = []
        local: list[float] = []
        for k, (name, (_, children)) in enumerate(spec.items()):
            if not children:
                raise ValueError(f"dimension {name!r} has no indicators")
            values = np.array([float(v) for v in children.values()])
            _check_weights(values, f"local weights of dimension {name!r}", normalize_weights)
            if normalize_weights:
                values = values / values.sum()
            indicators.extend(str(c) for c in children)
            dimension_of.extend([k] * len(children))
            local.extend(values.tolist())
        as_names(indicators, len(indicators), what="indicator", prefix="I")
        _check_weights(dimension_weights, "dimension weights", normalize_weights)
        if normalize_weights:
            dimension_weights = dimension_weights / dimension_weights.sum()
        return cls(
            dimensions=dimensions,
            dimension_weights=dimension_weights,
            indicators=tuple(indicators),
            dimension_of=tuple(dimension_of),
            local_weights=np.array(local),
        )

    @property
    def global_weights(self) -> FloatArray:
        """Weight of each indicator in the whole system, in ``indicators`` order."""
        out: FloatArray = self.dimension_weights[list(self.dimension_of)] * self.local_weights
        return out


def _check_weights(values: FloatArray, what: str, normalize_weights: bool) -> None:
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(f"{what} must be finite and non-negative, got {values.tolist()}")
    total = float(values.sum())
    if total <= 0:
        raise ValueError(f"{what} are all zero")
    if not normalize_weights and abs(total - 1.0) > _TOLERANCE:
        raise ValueError(
            f"{what} sum to {total:.6g}, expected 1; pass normalize_weights=True to rescale"
        )


@dataclasses.dataclass(frozen=True, repr=False)
class HierarchyScores(ResultMixin):
    """Total score and per-dimension sub-scores of each alternative.

    ``dimension_scores[i, k]`` is the local-weighted mean of alternative *i*'s
    indicators in dimension *k* (on the indicators' own scale);
    ``total = dimension_scores @ dimension_weights``.
    """

    total: FloatArray
    ranks: npt.NDArray[np.int64]
    dimension_scores: FloatArray
    dimensions: tuple[str, ...]
    alternatives: tuple[str, ...]
    global_weights: FloatArray


def hierarchy_scores(
    tree: IndicatorTree,
    matrix: npt.ArrayLike,
    *,
    criteria: Sequence[str] | None = None,
    alternatives: Sequence[str] | None = None,
) -> HierarchyScores:
    """Score alternatives through an indicator tree.

    ``matrix`` holds normalised indicator values (larger is better, e.g. from
    :func:`normalize`), one column per indicator. Columns are matched to the tree's
    indicators by ``criteria`` names when given (in any order; extra or missing names
    are an error), otherwise they must be in ``tree.indicators`` order.

    Examples
    --------
    >>> from iecommons.analytics import IndicatorTree, hierarchy_scores
    >>> tree = IndicatorTree.from_dict({"a": (0.5, {"x": 0.5, "y": 0.5}), "b": (0.5, {"z": 1.0})})
    >>> result = hierarchy_scores(tree, [[1.0, 0.0, 1.0], [0.5, 0.5, 0.0]],
    ...                           criteria=["z", "x", "y"])
    >>> result.dimension_scores, result.total
    (array([[0.5 , 1.  ],
           [0.25, 0.5 ]]), array([0.75 , 0.375]))
    """
    x = as_matrix(matrix)
    m, n = x.shape
    if criteria is not None:
        names = as_names(criteria, n, what="criterion", prefix="C")
        position = {name: k for k, name in enumerate(names)}
        unknown = [name for name in names if name not in set(tree.indicators)]
        if unknown:
            raise ValueError(
                f"unknown criterion {unknown[0]!r}: not an indicator of the tree "
                f"({', '.join(tree.indicators)})"
            )
        missing = [name for name in tree.indicators if name not in position]
        if missing:
            raise ValueError(f"indicator {missing[0]!r} of the tree has no column in the matrix")
        x = x[:, [position[name] for name in tree.indicators]]
    elif n != len(tree.indicators):
        raise ValueError(f"matrix has {n} columns, the tree has {len(tree.indicators)} indicators")
    check_finite(x, criteria=tree.indicators)
    alternative_names = as_names(alternatives, m, what="alternative", prefix="A")
    membership = np.zeros((len(tree.indicators), len(tree.dimensions)))
    membership[np.arange(len(tree.indicators)), list(tree.dimension_of)] = tree.local_weights
    dimension_scores = x @ membership
    total = dimension_scores @ tree.dimension_weights
    return HierarchyScores(
        total=total,
        ranks=rank_descending(total),
        dimension_scores=dimension_scores,
        dimensions=tree.dimensions,
        alternatives=alternative_names,
        global_weights=tree.global_weights,
    )
