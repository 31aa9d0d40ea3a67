"""A placement round through the matching engine: rows in, arrays, stable matching, rows out.

The engine (:func:`iecommons.analytics.stable_matching`) never sees a model: applications are
read as one ``values_list`` ordered by student and rank, turned into arrays, matched, and the
placements and cutoffs written back with ``bulk_create`` / ``bulk_update`` in one transaction.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db import connection, models, transaction
from django.utils import timezone

from iecommons.analytics import blocking_pairs, stable_matching
from iecommons.common import audit
from iecommons.talent.models import Application, InternshipPosition, Placement, PlacementRound
from iecommons.talent.selectors import eligible_students


def insert_rows(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row INSERTs: thousands of rows without building a model object for each."""
    quote = connection.ops.quote_name
    # Table and column names come from model metadata, never from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _instance(placement_round: PlacementRound) -> dict[str, Any]:
    student_ids = np.fromiter(
        eligible_students(placement_round).order_by("pk").values_list("pk", flat=True),
        dtype=np.int64,
    )
    positions = list(
        InternshipPosition.objects.filter(round=placement_round)
        .order_by("pk")
        .values_list("pk", "seats")
    )
    position_ids = np.array([pk for pk, _ in positions], dtype=np.int64)
    seats = np.array([s for _, s in positions], dtype=np.int64)
    rows = list(
        Application.objects.filter(round=placement_round, student_id__in=student_ids.tolist())
        .order_by("student_id", "rank")
        .values_list("student_id", "position_id", "rank", "score")
    )
    table = np.array(rows, dtype=np.float64).reshape(-1, 4)
    return {
        "student_ids": student_ids,
        "position_ids": position_ids,
        "seats": seats,
        "students": np.searchsorted(student_ids, table[:, 0].astype(np.int64)),
        "positions": np.searchsorted(position_ids, table[:, 1].astype(np.int64)),
        "ranks": table[:, 2].astype(np.int64),
        "scores": table[:, 3],
    }


@transaction.atomic
def round_execute(*, round_id: int, actor: Any = None) -> PlacementRound:
    """Compute a queued round's student-optimal stable matching and store it."""
    placement_round = PlacementRound.objects.select_for_update().get(pk=round_id)
    if placement_round.status != PlacementRound.Status.RUNNING:
        return placement_round
    data = _instance(placement_round)
    result = stable_matching(
        data["students"],
        data["positions"],
        data["ranks"],
        data["scores"],
        data["seats"],
        n_students=data["student_ids"].size,
        seed=placement_round.seed,
    )
    position_ids = data["position_ids"]
    assignment = result.assignment
    Placement.objects.filter(round=placement_round).delete()
    placed_position = np.where(assignment >= 0, position_ids[np.maximum(assignment, 0)], 0)
    insert_rows(
        Placement,
        ["round_id", "student_id", "position_id", "matched_position_id", "rank", "lottery",
         "override_reason"],
        [
            (
                placement_round.pk,
                student_id,
                position if a >= 0 else None,
                position if a >= 0 else None,
                rank if a >= 0 else None,
                lottery,
                "",
            )
            for student_id, a, position, rank, lottery in zip(
                data["student_ids"].tolist(),
                assignment.tolist(),
                placed_position.tolist(),
                result.assigned_ranks.tolist(),
                result.lottery.tolist(),
                strict=True,
            )
        ],
    )  # fmt: skip
    positions = list(InternshipPosition.objects.filter(round=placement_round).order_by("pk"))
    for k, position in enumerate(positions):
        position.filled = int(result.filled[k])
        cutoff = float(result.cutoffs[k])
        position.cutoff_score = None if np.isinf(cutoff) else cutoff
        lottery = int(result.cutoff_lottery[k])
        position.cutoff_lottery = None if lottery < 0 else lottery
    InternshipPosition.objects.bulk_update(
        positions, ["filled", "cutoff_score", "cutoff_lottery"], batch_size=2000
    )
    before = audit.snapshot(placement_round)
    placement_round.status = PlacementRound.Status.MATCHED
    placement_round.proposals = result.proposals
    placement_round.rounds = result.rounds
    placement_round.matched_at = timezone.now()
    placement_round.save(update_fields=["status", "proposals", "rounds", "matched_at"])
    audit.record(actor=actor, instance=placement_round, operation="round_execute", before=before)
    return placement_round


def round_blocking_pairs(placement_round: PlacementRound) -> list[tuple[int, int]]:
    """The (student id, position id) pairs that block the round's current placements —
    none after the matching, some after an override."""
    data = _instance(placement_round)
    placements = dict(
        Placement.objects.filter(round=placement_round).values_list("student_id", "position_id")
    )
    index = {pk: k for k, pk in enumerate(data["position_ids"].tolist())}
    assignment = np.array(
        [index.get(placements.get(pk) or -1, -1) for pk in data["student_ids"].tolist()],
        dtype=np.int64,
    )
    lottery = np.array(
        [
            value
            for _, value in sorted(
                Placement.objects.filter(round=placement_round).values_list("student_id", "lottery")
            )
        ],
        dtype=np.int64,
    )
    if lottery.size != assignment.size:
        lottery = np.arange(assignment.size)
    pairs = blocking_pairs(
        data["students"],
        data["positions"],
        data["ranks"],
        data["scores"],
        data["seats"],
        assignment,
        lottery=lottery,
    )
    return [
        (int(data["student_ids"][s]), int(data["position_ids"][p]))
        for s, p in zip(pairs.students.tolist(), pairs.positions.tolist(), strict=True)
    ]
