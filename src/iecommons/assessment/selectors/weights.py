"""The weights of a cycle: subjective (group AHP over the experts' judgments), objective
(entropy, CRITIC or standard deviation over the cycle's values) and their combination
as the supervisor chose (:class:`~iecommons.assessment.models.WeightingChoice`).

:func:`cycle_weights` is what evaluation runs use. A node nobody judged yet gets equal
local weights; objective weights fall back to equal when the data cannot support them
(fewer than two communities with values, or no variation) — both are reported in
``notes`` so the run can record them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from iecommons.analytics import (
    combine_weights,
    critic_weights,
    entropy_weights,
    group_ahp,
    std_weights,
)
from iecommons.assessment.models import (
    AssessmentCycle,
    ExpertJudgment,
    Indicator,
    IndicatorValue,
    WeightingChoice,
)

ROOT = "root"
USABLE_STATUSES = (
    IndicatorValue.Status.DERIVED,
    IndicatorValue.Status.SUBMITTED,
    IndicatorValue.Status.VERIFIED,
    IndicatorValue.Status.IMPUTED,
)


@dataclass(frozen=True)
class NodeWeights:
    """Local weights of the children of one node, and how they were made."""

    node: str
    weights: dict[str, float]
    experts: int
    group_cr: float | None
    expert_crs: list[float]


@dataclass(frozen=True)
class CycleWeights:
    """Every weight of a cycle, keyed by indicator code.

    ``local[node]`` are the AHP weights within a node (``"root"`` for the dimensions);
    ``subjective`` the global AHP weights of the leaves (dimension × local);
    ``objective`` the data-driven weights; ``combined`` their combination;
    ``weights`` what the chosen method yields (sums to one over the leaves).
    """

    method: str
    local: dict[str, NodeWeights]
    subjective: dict[str, float]
    objective: dict[str, float]
    combined: dict[str, float]
    weights: dict[str, float]
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "local": {
                key: {
                    "weights": node.weights,
                    "experts": node.experts,
                    "group_cr": node.group_cr,
                }
                for key, node in self.local.items()
            },
            "subjective": self.subjective,
            "objective": self.objective,
            "combined": self.combined,
            "weights": self.weights,
            "notes": self.notes,
        }


def _equal(codes: list[str]) -> dict[str, float]:
    return {code: 1.0 / len(codes) for code in codes} if codes else {}


def _node_weights(
    key: str, codes: list[str], judgments: list[ExpertJudgment], aggregation: str
) -> NodeWeights:
    matrices = [j.matrix for j in judgments if list(j.criteria) == codes]
    if not matrices:
        return NodeWeights(key, _equal(codes), 0, None, [])
    result = group_ahp(matrices, aggregation=aggregation, criteria=codes)  # type: ignore[arg-type]
    weights = {code: float(w) for code, w in zip(codes, result.weights, strict=True)}
    group_cr = float(result.group.cr) if result.group is not None else None
    return NodeWeights(key, weights, len(matrices), group_cr, [float(e.cr) for e in result.experts])


def subjective_weights(
    cycle: AssessmentCycle, aggregation: str = "judgments"
) -> tuple[dict[str, NodeWeights], dict[str, float]]:
    """Local AHP weights per node and the global weights of the leaves."""
    nodes = list(
        Indicator.objects.filter(framework_id=cycle.framework_id).order_by("order", "code")
    )
    dimensions = [n for n in nodes if n.parent_id is None]
    judgments = list(ExpertJudgment.objects.filter(cycle=cycle))
    by_node: dict[int | None, list[ExpertJudgment]] = {}
    for judgment in judgments:
        by_node.setdefault(judgment.node_id, []).append(judgment)
    local: dict[str, NodeWeights] = {}
    root = _node_weights(ROOT, [d.code for d in dimensions], by_node.get(None, []), aggregation)
    local[ROOT] = root
    global_weights: dict[str, float] = {}
    for dimension in dimensions:
        children = [n.code for n in nodes if n.parent_id == dimension.pk]
        node = _node_weights(dimension.code, children, by_node.get(dimension.pk, []), aggregation)
        local[dimension.code] = node
        for code, weight in node.weights.items():
            global_weights[code] = root.weights[dimension.code] * weight
    return local, global_weights


def value_matrix(cycle: AssessmentCycle, codes: list[str]) -> tuple[list[int], np.ndarray]:
    """Communities × indicators of usable values; a gap is filled by the column mean."""
    rows = IndicatorValue.objects.filter(
        cycle=cycle, status__in=USABLE_STATUSES, value__isnull=False
    ).values_list("community_id", "indicator__code", "value")
    column = {code: j for j, code in enumerate(codes)}
    table: dict[int, list[float]] = {}
    for community_id, code, value in rows:
        if code in column and value is not None:
            table.setdefault(community_id, [np.nan] * len(codes))[column[code]] = value
    communities = sorted(table)
    matrix = np.array([table[c] for c in communities], dtype=np.float64).reshape(
        len(communities), len(codes)
    )
    if matrix.size:
        means = np.nanmean(np.where(np.isnan(matrix).all(axis=0), 0.0, matrix), axis=0)
        gaps = np.isnan(matrix)
        matrix[gaps] = np.take(means, np.nonzero(gaps)[1])
    return communities, matrix


def objective_weights(
    cycle: AssessmentCycle, leaves: list[Indicator], method: str, notes: list[str]
) -> dict[str, float]:
    codes = [leaf.code for leaf in leaves]
    _communities, matrix = value_matrix(cycle, codes)
    cost = [leaf.direction == Indicator.Direction.LOWER for leaf in leaves]
    if matrix.shape[0] < 2:
        notes.append("objective weights: fewer than two communities with values; equal weights")
        return _equal(codes)
    try:
        if method == WeightingChoice.Objective.CRITIC:
            result = critic_weights(matrix, cost, criteria=codes)
        elif method == WeightingChoice.Objective.STD:
            result = std_weights(matrix, criteria=codes)
        else:
            result = entropy_weights(matrix, cost, criteria=codes)
    except (ValueError, FloatingPointError) as error:
        notes.append(f"objective weights: {error}; equal weights")
        return _equal(codes)
    return {code: float(w) for code, w in zip(codes, result.weights, strict=True)}


def cycle_weights(cycle: AssessmentCycle) -> CycleWeights:
    """The weights of the cycle's leaves by the chosen method, with the whole breakdown."""
    choice = WeightingChoice.objects.filter(cycle=cycle).first() or WeightingChoice(cycle=cycle)
    leaves = list(
        Indicator.objects.filter(framework_id=cycle.framework_id, parent__isnull=False)
        .select_related("parent")
        .order_by("parent__order", "order", "code")
    )
    codes = [leaf.code for leaf in leaves]
    notes: list[str] = []
    local, subjective = subjective_weights(cycle, choice.group_aggregation)
    subjective = {code: subjective.get(code, 0.0) for code in codes}
    objective = objective_weights(cycle, leaves, choice.objective_method, notes)
    combined_result = combine_weights(
        [subjective[c] for c in codes],
        [objective[c] for c in codes],
        method=choice.combination,  # type: ignore[arg-type]
        alpha=choice.alpha,
        criteria=codes,
    )
    combined = {code: float(w) for code, w in zip(codes, combined_result.weights, strict=True)}
    chosen = {
        WeightingChoice.Method.SUBJECTIVE: subjective,
        WeightingChoice.Method.OBJECTIVE: objective,
    }.get(choice.method, combined)  # type: ignore[call-overload]
    return CycleWeights(
        method=choice.method,
        local=local,
        subjective=subjective,
        objective=objective,
        combined=combined,
        weights=dict(chosen),
        notes=notes,
    )
