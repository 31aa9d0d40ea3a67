"""The one place where runs read the cycle's records: values, indicators, weights, scope.

Everything a run computes from is turned into plain arrays here (a
:class:`~iecommons.assessment.engine.RunInput`), in a canonical order: communities by id,
indicators in framework order. Weights are computed here too, once, when the run starts,
and frozen into the snapshot: the subjective ones from the experts' AHP judgments (group
AHP per node), the objective ones from the snapshot's own values, combined as the cycle's
weighting choice says.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from iecommons.accounts import scope
from iecommons.analytics import (
    combine_weights,
    critic_weights,
    entropy_weights,
    group_ahp,
    std_weights,
)
from iecommons.assessment import engine
from iecommons.assessment.models import (
    AssessmentCycle,
    EvaluationRun,
    ExpertJudgment,
    Indicator,
    IndicatorValue,
    WeightingChoice,
)
from iecommons.registry.models import Community


@dataclasses.dataclass(frozen=True)
class Snapshot:
    run_input: engine.RunInput
    community_names: dict[int, str]
    weighting: dict[str, Any]


def can_supervise_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    """Operators and national supervisors; a regional supervisor for the cycles opened in
    its jurisdiction."""
    user_scope = scope.scope_for(user)
    if user_scope.is_operator or user_scope.national_supervisor:
        return True
    return cycle.jurisdiction_id is not None and (
        cycle.jurisdiction_id in user_scope.supervised_region_ids
    )


def peer_group(community: Community) -> str:
    """Peers are the communities of the same industry field and level."""
    return f"{community.field_id}:{community.level}"


def framework_tree(framework_id: int) -> tuple[list[Indicator], list[Indicator]]:
    """(dimensions, leaf indicators) of a framework, in framework order."""
    nodes = list(Indicator.objects.filter(framework_id=framework_id).order_by("order", "code"))
    dimensions = [node for node in nodes if node.parent_id is None]
    rank = {node.pk: k for k, node in enumerate(dimensions)}
    leaves = [node for node in nodes if node.parent_id is not None]
    leaves.sort(key=lambda node: (rank.get(node.parent_id or 0, 0), node.order, node.code))
    return dimensions, leaves


def _equal(n: int) -> np.ndarray:
    return np.full(n, 1.0 / n)


def subjective_weights(
    cycle: AssessmentCycle, dimensions: list[Indicator], leaves: list[Indicator]
) -> np.ndarray:
    """Global weights from group AHP: dimension weights (judgments with no node) times
    local weights (judgments on each dimension); equal where nobody judged."""
    judgments: dict[int | None, list[ExpertJudgment]] = {}
    for judgment in ExpertJudgment.objects.filter(cycle=cycle).order_by("pk"):
        judgments.setdefault(judgment.node_id, []).append(judgment)

    def local(node_id: int | None, codes: list[str]) -> np.ndarray:
        if len(codes) < 2:
            return _equal(len(codes))
        matrices = []
        for judgment in judgments.get(node_id, []):
            compared = [str(code) for code in judgment.criteria]
            if sorted(compared) != sorted(codes):
                continue  # judged another version of the node: not comparable
            order = [compared.index(code) for code in codes]
            matrices.append(np.asarray(judgment.matrix, dtype=float)[np.ix_(order, order)])
        if not matrices:
            return _equal(len(codes))
        return np.asarray(group_ahp(matrices, criteria=codes).weights)

    top = local(None, [d.code for d in dimensions])
    dimension_weight = {d.pk: top[k] for k, d in enumerate(dimensions)}
    weights = np.zeros(len(leaves))
    for dimension in dimensions:
        members = [k for k, leaf in enumerate(leaves) if leaf.parent_id == dimension.pk]
        if not members:
            continue
        inside = local(dimension.pk, [leaves[k].code for k in members])
        weights[members] = dimension_weight[dimension.pk] * inside
    return weights / weights.sum()


def objective_weights(method: str, values: np.ndarray, cost: list[bool]) -> np.ndarray:
    """Weights from the data: complete rows only (missing values do not vote)."""
    complete = values[~np.isnan(values).any(axis=1)]
    if complete.shape[0] < 2:
        return _equal(values.shape[1])
    if method == WeightingChoice.Objective.CRITIC:
        return np.asarray(critic_weights(complete, cost).weights)
    if method == WeightingChoice.Objective.STD:
        return np.asarray(std_weights(complete, cost).weights)
    shifted = complete - np.minimum(complete.min(axis=0), 0.0)  # entropy needs x >= 0
    return np.asarray(entropy_weights(shifted, cost, normalization="minmax").weights)


def cycle_weights(
    cycle: AssessmentCycle,
    dimensions: list[Indicator],
    leaves: list[Indicator],
    values: np.ndarray,
    cost: list[bool],
) -> tuple[np.ndarray, dict[str, Any]]:
    """The global weights of the leaves and how they were made (recorded in the run)."""
    choice = WeightingChoice.objects.filter(cycle=cycle).first()
    if choice is None:
        choice = WeightingChoice(cycle=cycle)  # the defaults: combined, entropy, linear 0.5
    described = {
        "method": choice.method,
        "objective": choice.objective_method,
        "combination": choice.combination,
        "alpha": choice.alpha,
    }
    if choice.method == WeightingChoice.Method.SUBJECTIVE:
        return subjective_weights(cycle, dimensions, leaves), described
    objective = objective_weights(choice.objective_method, values, cost)
    if choice.method == WeightingChoice.Method.OBJECTIVE:
        return objective, described
    subjective = subjective_weights(cycle, dimensions, leaves)
    combined = combine_weights(subjective, objective, method=choice.combination, alpha=choice.alpha)
    return np.asarray(combined.weights), described


def cycle_snapshot(
    cycle: AssessmentCycle, *, method: str, normalization: str, imputation: str
) -> Snapshot:
    """Freeze the cycle: every community in scope (by id) × every leaf indicator."""
    communities = list(cycle.communities.select_related("field").order_by("pk"))
    dimensions, leaves = framework_tree(cycle.framework_id)
    position = {indicator.pk: j for j, indicator in enumerate(leaves)}
    row_of = {community.pk: i for i, community in enumerate(communities)}
    matrix = np.full((len(communities), len(leaves)), np.nan)
    rows = IndicatorValue.objects.filter(cycle=cycle, value__isnull=False).values_list(
        "community_id", "indicator_id", "value"
    )
    for community_id, indicator_id, value in rows.iterator(chunk_size=5000):
        i, j = row_of.get(community_id), position.get(indicator_id)
        if i is not None and j is not None:
            matrix[i, j] = value
    cost = [leaf.direction == Indicator.Direction.LOWER for leaf in leaves]
    dimension_code = {d.pk: d.code for d in dimensions}
    if leaves and communities:
        weights, weighting = cycle_weights(cycle, dimensions, leaves, matrix, cost)
    else:
        weights, weighting = np.zeros(len(leaves)), {}
    run_input = engine.RunInput(
        community_ids=tuple(c.pk for c in communities),
        peer_groups=tuple(peer_group(c) for c in communities),
        indicator_codes=tuple(leaf.code for leaf in leaves),
        dimensions=tuple(dimension_code.get(leaf.parent_id or 0, "") for leaf in leaves),
        weights=tuple(float(w) for w in weights),
        cost=tuple(cost),
        values=tuple(
            tuple(None if np.isnan(v) else float(v) for v in row) for row in matrix.tolist()
        ),
        method=method,
        normalization=normalization,
        imputation=imputation,
    )
    return Snapshot(
        run_input=run_input,
        community_names={c.pk: str(c) for c in communities},
        weighting=weighting,
    )


# --- labels of a run's codes ------------------------------------------------------------------


def _nodes(run: EvaluationRun) -> list[Indicator]:
    cache = getattr(run, "_framework_nodes", None)
    if cache is None:
        cache = list(Indicator.objects.filter(framework_id=run.framework_id))
        run._framework_nodes = cache  # type: ignore[attr-defined]
    return cache


def indicator_names(run: EvaluationRun) -> dict[str, str]:
    """Names of every node of the run's framework (dimensions and indicators) by code."""
    return {node.code: node.name for node in _nodes(run)}


def indicator_units(run: EvaluationRun) -> dict[str, str]:
    return {node.code: node.unit_label for node in _nodes(run)}


def dimension_names(run: EvaluationRun) -> dict[str, str]:
    return {node.code: node.name for node in _nodes(run) if node.parent_id is None}


def indicator_is_cost(run: EvaluationRun, code: str) -> bool:
    return any(
        node.code == code and node.direction == Indicator.Direction.LOWER for node in _nodes(run)
    )


def cycle_period(cycle: AssessmentCycle) -> str:
    return str(cycle.year)


def later_value(cycle: AssessmentCycle, community_id: int, code: str) -> tuple[float, str] | None:
    """The indicator's value in the first later cycle that has one, and that cycle's name."""
    later = (
        IndicatorValue.objects.filter(
            community_id=community_id,
            indicator__code=code,
            value__isnull=False,
            cycle__year__gt=cycle.year,
        )
        .select_related("cycle")
        .order_by("cycle__year")
        .first()
    )
    if later is None or later.value is None:
        return None
    return float(later.value), str(later.cycle)
