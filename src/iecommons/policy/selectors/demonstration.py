"""Reads of demonstration selections: the lists, one selection's entries and objections as
its reader may see them, and the inputs document that reproduces its list. Who sees what
is :mod:`iecommons.authz.policy`'s; the list's rules are :mod:`iecommons.policy.demonstration`'s.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KeyTransform

from iecommons.assessment import engine
from iecommons.assessment.models import EvaluationRun
from iecommons.authz import policy as rules
from iecommons.policy import demonstration
from iecommons.policy.models import (
    DemonstrationEntry,
    DemonstrationObjection,
    DemonstrationSelection,
)

#: The outcomes the public sees: the list, and the entries an upheld objection removed.
PUBLIC_OUTCOMES = (demonstration.SELECTED, demonstration.REMOVED)


def selections(user: Any) -> QuerySet[DemonstrationSelection]:
    """The selections ``user`` may see, newest first, with how many are on each list."""
    return (
        rules.visible_selections(user, DemonstrationSelection.objects.all())
        .select_related("jurisdiction", "run__cycle")
        .defer("run__snapshot", "run__weights", "run__outcome", "run__methods")
        .annotate(
            selected_count=Count("entries", filter=Q(entries__outcome=demonstration.SELECTED))
        )
        .order_by("-created_at", "-pk")
    )


def entries(user: Any, selection: DemonstrationSelection) -> QuerySet[DemonstrationEntry]:
    """Every candidate for the selection's supervisors; the list and its removals for
    anyone else (the gates of the others stay with the supervisors)."""
    queryset = (
        DemonstrationEntry.objects.filter(selection=selection)
        .select_related("community", "community__province", "community__field")
        .defer("community__charter", "community__goals", "community__development_plan")
        .order_by("rank")
    )
    if rules.can_manage_selection(user, selection):
        return queryset
    return queryset.filter(outcome__in=PUBLIC_OUTCOMES)


def selected_entries(selection: DemonstrationSelection) -> QuerySet[DemonstrationEntry]:
    """The list itself, in its order."""
    return (
        DemonstrationEntry.objects.filter(selection=selection, outcome=demonstration.SELECTED)
        .select_related("community", "community__province", "community__field")
        .defer("community__charter", "community__goals", "community__development_plan")
        .order_by("position")
    )


def objections(user: Any, selection: DemonstrationSelection) -> QuerySet[DemonstrationObjection]:
    """The selection's objections ``user`` may see, oldest first."""
    return rules.visible_objections(
        user,
        selection,
        DemonstrationObjection.objects.filter(selection=selection)
        .select_related("entry__community", "filed_by", "on_behalf_of", "answered_by")
        .defer(
            "entry__community__charter",
            "entry__community__goals",
            "entry__community__development_plan",
        )
        .order_by("filed_at", "pk"),
    )


def upheld(selection: DemonstrationSelection) -> list[dict[str, int]]:
    """The removals of the inputs document: each upheld objection's entry, once."""
    seen: dict[int, int] = {}
    for community_id, objection_id in (
        DemonstrationObjection.objects.filter(
            selection=selection, status=DemonstrationObjection.Status.UPHELD
        )
        .order_by("answered_at", "pk")
        .values_list("entry__community_id", "pk")
    ):
        seen.setdefault(community_id, objection_id)
    return [
        {"community_id": community_id, "objection_id": objection_id}
        for community_id, objection_id in sorted(seen.items())
    ]


def candidate_facts(entry: DemonstrationEntry) -> dict[str, Any]:
    """An entry's frozen facts, as the inputs document lists them."""
    return {
        "community_id": entry.community_id,
        "score": entry.score,
        "grade": entry.grade,
        "province": entry.province_code,
        "field": entry.field_code,
        "founded": entry.founded.isoformat(),
        "overdue_tasks": entry.overdue_tasks,
    }


def inputs_document(
    selection: DemonstrationSelection,
    *,
    candidates: list[dict[str, Any]] | None = None,
    removed: list[dict[str, int]] | None = None,
) -> dict[str, Any]:
    """Everything :func:`~iecommons.policy.demonstration.select` needs to compute the list,
    from the rows (or from ``candidates``/``removed`` when they are not stored yet)."""
    if candidates is None:
        candidates = [
            candidate_facts(entry)
            for entry in DemonstrationEntry.objects.filter(selection=selection).order_by(
                "community_id"
            )
        ]
    return {
        "format": demonstration.FORMAT,
        "run": {"id": selection.run_id, "input_sha256": selection.run_sha256},
        "jurisdiction": selection.jurisdiction.code if selection.jurisdiction else None,
        "grades": list(selection.grades),
        "as_of": selection.as_of.isoformat(),
        "gates": {
            "min_grade": selection.min_grade,
            "no_overdue_rectification": selection.no_overdue_rectification,
            "min_years_founded": selection.min_years_founded,
        },
        "quotas": {
            "total": selection.total,
            "provinces": dict(sorted(selection.province_quotas.items())),
            "fields": dict(sorted(selection.field_quotas.items())),
        },
        "removed": upheld(selection) if removed is None else removed,
        "candidates": sorted(candidates, key=lambda row: row["community_id"]),
    }


def run_grades(run: EvaluationRun) -> list[str]:
    """The run's grades, best first, from its snapshot (``[[name, bound], …]``); the
    engine's default grades for a run whose snapshot names none."""
    stored = (
        EvaluationRun.objects.filter(pk=run.pk)
        .annotate(grades=KeyTransform("grades", "snapshot"))
        .values_list("grades", flat=True)
        .first()
    )
    names = [str(item[0]) for item in stored or [] if isinstance(item, list) and item]
    return names or [name for name, _share in engine.DEFAULT_GRADES]


def stored_inputs(selection: DemonstrationSelection) -> dict[str, Any]:
    """The inputs document of a stored selection, from its rows."""
    return inputs_document(selection)
