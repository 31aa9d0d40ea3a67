"""The one place where runs read the cycle's records: values, indicators, weights, scope.

Everything a run computes from is turned into plain arrays here (a
:class:`~iecommons.assessment.engine.RunInput`), in a canonical order: communities by id,
indicators in framework order.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from iecommons.accounts import scope
from iecommons.assessment import engine
from iecommons.assessment.models import (
    AssessmentCycle,
    EvaluationRun,
    Indicator,
    IndicatorValue,
)
from iecommons.registry.models import Community


@dataclasses.dataclass(frozen=True)
class Snapshot:
    run_input: engine.RunInput
    community_names: dict[int, str]
    framework_id: int | None


def cycle_communities(cycle: AssessmentCycle) -> list[Community]:
    return list(cycle.communities.select_related("field").order_by("pk"))


def can_supervise_cycle(user: Any, cycle: AssessmentCycle) -> bool:
    """Operators, national supervisors, and a regional supervisor whose jurisdiction holds
    communities of the cycle."""
    user_scope = scope.scope_for(user)
    if user_scope.is_operator or user_scope.national_supervisor:
        return True
    if not user_scope.is_supervisor:
        return False
    return scope.supervised_communities(user, cycle.communities.all()).exists()


def framework_indicators(framework_id: int) -> list[Indicator]:
    """The leaf indicators of a framework, in framework order, with their dimension."""
    return list(
        Indicator.objects.filter(framework_id=framework_id, children__isnull=True)
        .select_related("parent")
        .order_by("parent__order", "order", "pk")
    )


def cycle_weights_by_code(cycle: AssessmentCycle, indicators: list[Indicator]) -> list[float]:
    """Global weights from the cycle's weighting choice; equal weights when none is made."""
    from iecommons.assessment import selectors

    weights = selectors.cycle_weights(cycle)
    by_id = {getattr(key, "pk", key): float(value) for key, value in weights.items()}
    values = [by_id.get(indicator.pk, by_id.get(indicator.code, 0.0)) for indicator in indicators]
    total = sum(values)
    if total <= 0:
        return [1.0 / len(indicators)] * len(indicators)
    return [value / total for value in values]


def cycle_snapshot(
    cycle: AssessmentCycle, *, method: str, normalization: str, imputation: str
) -> Snapshot:
    communities = cycle_communities(cycle)
    indicators = framework_indicators(cycle.framework_id)
    position = {indicator.pk: j for j, indicator in enumerate(indicators)}
    row_of = {community.pk: i for i, community in enumerate(communities)}
    values: list[list[float | None]] = [[None] * len(indicators) for _ in communities]
    rows = IndicatorValue.objects.filter(cycle=cycle, value__isnull=False).values_list(
        "community_id", "indicator_id", "value"
    )
    for community_id, indicator_id, value in rows:
        i, j = row_of.get(community_id), position.get(indicator_id)
        if i is not None and j is not None:
            values[i][j] = float(value)
    grading, grades = framework_grading(cycle)
    run_input = engine.RunInput(
        community_ids=tuple(c.pk for c in communities),
        peer_groups=tuple(f"{c.field_id}:{c.level}" for c in communities),
        indicator_codes=tuple(i.code for i in indicators),
        dimensions=tuple(i.parent.code if i.parent else i.code for i in indicators),
        weights=tuple(cycle_weights_by_code(cycle, indicators)),
        cost=tuple(i.direction == Indicator.Direction.LOWER for i in indicators),
        values=tuple(tuple(row) for row in values),
        method=method,
        normalization=normalization,
        imputation=imputation,
        grading=grading,
        grades=grades,
    )
    return Snapshot(
        run_input=run_input,
        community_names={c.pk: str(c) for c in communities},
        framework_id=cycle.framework_id,
    )


def framework_grading(cycle: AssessmentCycle) -> tuple[str, tuple[tuple[str, float], ...]]:
    """The framework's own score boundaries when it has them, else grading by quota."""
    return "quota", engine.DEFAULT_GRADES


def cycle_period(cycle: AssessmentCycle) -> str:
    return str(getattr(cycle, "year", None) or cycle)


def _indicators_of(run: EvaluationRun) -> list[Indicator]:
    return list(Indicator.objects.filter(framework_id=run.framework_id).order_by("order", "pk"))


def indicator_names(run: EvaluationRun) -> dict[str, str]:
    return {indicator.code: indicator.name for indicator in _indicators_of(run)}


def indicator_units(run: EvaluationRun) -> dict[str, str]:
    return {indicator.code: indicator.unit for indicator in _indicators_of(run)}


def dimension_names(run: EvaluationRun) -> dict[str, str]:
    return indicator_names(run)


def indicator_is_cost(run: EvaluationRun, code: str) -> bool:
    return Indicator.objects.filter(
        framework_id=run.framework_id, code=code, direction=Indicator.Direction.LOWER
    ).exists()


def later_value(cycle: AssessmentCycle, community_id: int, code: str) -> tuple[float, str] | None:
    """The indicator's value in the first later cycle that has one, and that cycle's name."""
    later = (
        IndicatorValue.objects.filter(
            community_id=community_id,
            indicator__code=code,
            value__isnull=False,
            cycle__starts__gt=cycle.starts,
        )
        .select_related("cycle")
        .order_by("cycle__starts")
        .first()
    )
    if later is None:
        return None
    return float(later.value), str(later.cycle)
