"""Reads of expert assignments: who reviews which communities of a cycle."""

from __future__ import annotations

from dataclasses import dataclass

from iecommons.assessment.models import AssessmentCycle, ExpertAssignment
from iecommons.common.collation import pinyin


@dataclass(frozen=True)
class ExpertLoad:
    """One appointed expert of a cycle and the communities assigned to it, by name."""

    expert: object
    assignments: list[ExpertAssignment]


def cycle_assignments(cycle: AssessmentCycle) -> list[ExpertLoad]:
    """Every appointed expert of the cycle with its assignments, in two queries."""
    by_expert: dict[int, list[ExpertAssignment]] = {}
    for assignment in (
        ExpertAssignment.objects.filter(cycle=cycle)
        .select_related("community")
        .order_by(pinyin("community__name"), "pk")
    ):
        by_expert.setdefault(assignment.expert_id, []).append(assignment)
    return [
        ExpertLoad(expert=appointment.user, assignments=by_expert.get(appointment.user_id, []))
        for appointment in cycle.experts.select_related("user").order_by("user__username")
    ]
