"""The one place where runs read the cycle's records: values, indicators, weights, scope.

Everything a run computes from is turned into plain arrays here (a
:class:`~iecommons.assessment.engine.RunInput`), in a canonical order: communities by id,
indicators in framework order. The weights come from
:func:`iecommons.assessment.selectors.weights.cycle_weights` (the cycle's weighting choice), once,
when the run starts, and are frozen into the snapshot with how they were made.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from iecommons.assessment import engine
from iecommons.assessment.models import (
    AssessmentCycle,
    EvaluationRun,
    ExpertJudgment,
    Indicator,
    IndicatorValue,
)
from iecommons.assessment.selectors.weights import USABLE_STATUSES, cycle_weights
from iecommons.registry.models import Community


@dataclasses.dataclass(frozen=True)
class Snapshot:
    run_input: engine.RunInput
    community_names: dict[int, str]
    weighting: dict[str, Any]


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


def frozen_weights(cycle: AssessmentCycle, codes: list[str]) -> tuple[list[float], dict[str, Any]]:
    """The cycle's weights in ``codes`` order (summing to one), and how they were made."""
    if not codes:
        return [], {}
    made = cycle_weights(cycle)
    weights = [max(float(made.weights.get(code, 0.0)), 0.0) for code in codes]
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * len(codes), float(len(codes))
    # Everything about how the weights were made, frozen with the run for its snapshot
    # document: the AHP weights per node with the experts' consistency, the objective and
    # combined weights, and the experts' matrices (anonymous: by order, never by name).
    described = {**made.as_json(), "judgments": _judgment_matrices(cycle)}
    return [w / total for w in weights], described


def _judgment_matrices(cycle: AssessmentCycle) -> list[dict[str, Any]]:
    judgments = ExpertJudgment.objects.filter(cycle=cycle).select_related("node")
    experts: dict[int, int] = {}
    frozen = []
    for judgment in judgments.order_by("expert_id", "node_id", "pk"):
        number = experts.setdefault(judgment.expert_id, len(experts) + 1)
        consistency = judgment.consistency_ratio
        frozen.append(
            {
                "expert": number,
                "node": judgment.node.code if judgment.node else "root",
                "criteria": list(judgment.criteria),
                "matrix": judgment.matrix,
                "cr": consistency,
            }
        )
    return frozen


def cycle_snapshot(
    cycle: AssessmentCycle, *, method: str, normalization: str, imputation: str
) -> Snapshot:
    """Freeze the cycle: every community in scope (by id) × every leaf indicator."""
    communities = list(cycle.communities.select_related("field").order_by("pk"))
    dimensions, leaves = framework_tree(cycle.framework_id)
    position = {indicator.pk: j for j, indicator in enumerate(leaves)}
    row_of = {community.pk: i for i, community in enumerate(communities)}
    matrix = np.full((len(communities), len(leaves)), np.nan)
    rows = IndicatorValue.objects.filter(
        cycle=cycle, value__isnull=False, status__in=USABLE_STATUSES
    ).values_list("community_id", "indicator_id", "value")
    for community_id, indicator_id, value in rows.iterator(chunk_size=5000):
        i, j = row_of.get(community_id), position.get(indicator_id)
        if i is not None and j is not None:
            matrix[i, j] = value
    cost = [leaf.direction == Indicator.Direction.LOWER for leaf in leaves]
    dimension_code = {d.pk: d.code for d in dimensions}
    weights, weighting = frozen_weights(cycle, [leaf.code for leaf in leaves])
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
