"""Reads of rectification tasks: overdue ones, filtering a list, and whether a task's
indicator moved in a later cycle. Which tasks a person sees is
:func:`iecommons.authz.assessment.visible_tasks`."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from iecommons.assessment.models import EvaluationRun, Indicator, RectificationTask, Result
from iecommons.assessment.selectors import snapshots


def overdue(queryset: QuerySet[RectificationTask]) -> QuerySet[RectificationTask]:
    return queryset.exclude(status=RectificationTask.Status.DONE).filter(
        deadline__lt=timezone.localdate()
    )


def is_overdue(task: RectificationTask) -> bool:
    return task.status != RectificationTask.Status.DONE and task.deadline < timezone.localdate()


@dataclasses.dataclass(frozen=True)
class Movement:
    before: float
    after: float
    cycle_name: str
    improved: bool
    unchanged: bool


def task_movement(task: RectificationTask) -> Movement | None:
    """The indicator's value in the first later cycle that has one: did it move?"""
    if task.baseline_value is None:
        return None
    if task.outcome_cycle_id and task.outcome_value is not None:
        after, cycle_name = task.outcome_value, str(task.outcome_cycle)
    else:
        later = snapshots.later_value(task.cycle, task.community_id, task.indicator.code)
        if later is None:
            return None
        after, cycle_name = later
    cost = task.indicator.direction == Indicator.Direction.LOWER
    improved = after < task.baseline_value if cost else after > task.baseline_value
    return Movement(
        before=task.baseline_value,
        after=after,
        cycle_name=cycle_name,
        improved=improved,
        unchanged=after == task.baseline_value,
    )


def task_filter(
    queryset: QuerySet[RectificationTask], *, status: str = "", community: str = ""
) -> QuerySet[RectificationTask]:
    if status == "overdue":
        queryset = overdue(queryset)
    elif status:
        queryset = queryset.filter(status=status)
    if community.strip():
        text = community.strip()
        queryset = queryset.filter(
            Q(community__name__icontains=text) | Q(community__name_en__icontains=text)
        )
    return queryset


def task_rows() -> QuerySet[RectificationTask]:
    """Every task with what its list shows, in the order the list shows them (filter it
    through :func:`iecommons.authz.assessment.visible_tasks`)."""
    return RectificationTask.objects.select_related("community", "cycle", "indicator").order_by(
        "status", "deadline", "pk"
    )


# --- what generating would raise ----------------------------------------------------------


def new_weaknesses(
    weakest: list[dict[str, Any]], *, codes: set[str], raised: set[str], top: int
) -> list[dict[str, Any]]:
    """The weaknesses a community gets a task for: of its ``top`` weakest indicators
    below the peer median (``gap > 0``) in the framework (``codes``), those without a task
    from the run yet (``raised``). The generator and its confirmation both count with it."""
    weak = [w for w in weakest if w["gap"] > 0 and w["code"] in codes][:top]
    return [w for w in weak if w["code"] not in raised]


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A community that generating would give ``count`` new tasks."""

    community_id: int
    name: str
    count: int


def generation_candidates(run: EvaluationRun, *, top: int) -> list[Candidate]:
    """Every community of the run that would get at least one new task, in rank order."""
    codes = set(
        Indicator.objects.filter(framework_id=run.framework_id).values_list("code", flat=True)
    )
    raised: dict[int, set[str]] = {}
    for community_id, code in RectificationTask.objects.filter(run=run).values_list(
        "community_id", "indicator__code"
    ):
        raised.setdefault(community_id, set()).add(code)
    rows = (
        Result.objects.filter(run=run)
        .order_by("rank", "community_id")
        .values_list("community_id", "community__name", "weakest_indicators")
    )
    candidates = []
    for community_id, name, weakest in rows:
        count = len(
            new_weaknesses(weakest, codes=codes, raised=raised.get(community_id, set()), top=top)
        )
        if count:
            candidates.append(Candidate(community_id=community_id, name=name, count=count))
    return candidates
