"""A final demonstration list is reproduced from the run's snapshot: the scores and grades
recomputed by the engine from the snapshot (whose hash the selection records), with the
stored facts, quotas, gates and upheld objections, give the same list and the same hash;
and a changed input gives another hash."""

from __future__ import annotations

import copy
import datetime

import pytest

from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.policy import demonstration
from iecommons.policy.selectors import demonstration as selectors
from iecommons.policy.services import demonstration as services
from tests.assessment.runs_world import assessment_world
from tests.fixtures import World

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def final(world: World):
    assessed = assessment_world(world)
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    selection = services.selection_create(
        actor=world.supervisor,
        title="示范共同体遴选",
        run=run,
        jurisdiction=None,
        total=3,
        min_grade="pass",
        today=TODAY,
    )
    selection = services.selection_publish(
        actor=world.supervisor,
        selection=selection,
        notice_starts=TODAY,
        notice_ends=TODAY + datetime.timedelta(days=4),
        today=TODAY,
    )
    first = selection.entries.get(position=1)
    objection = services.objection_file(
        actor=world.stranger, entry=first, reason="数据存疑", today=TODAY
    )
    services.objection_answer(
        actor=world.supervisor, objection=objection, upheld=True, answer="属实"
    )
    return services.selection_finalise(
        actor=world.supervisor, selection=selection, today=TODAY + datetime.timedelta(days=5)
    )


def test_the_final_list_is_recomputed_from_the_runs_snapshot(final):
    stored = selectors.stored_inputs(final)
    assert stored["run"]["input_sha256"] == final.run.input_sha256
    # Scores and grades again, from the snapshot alone.
    recomputed = {
        row["community_id"]: row for row in run_execution.evaluation_run_reproduce(run=final.run)
    }
    candidates = [
        {
            **row,
            "score": recomputed[row["community_id"]]["score"],
            "grade": recomputed[row["community_id"]]["grade"],
        }
        for row in stored["candidates"]
    ]
    inputs = {**stored, "candidates": candidates}
    placements = demonstration.select(inputs)
    listed = [
        p.community_id
        for p in sorted((p for p in placements if p.selected), key=lambda p: p.position or 0)
    ]
    assert listed == list(selectors.selected_entries(final).values_list("community_id", flat=True))
    assert len(listed) == 3
    assert demonstration.inputs_hash(inputs) == final.inputs_sha256
    assert [p.outcome for p in placements].count(demonstration.REMOVED) == 1


def test_any_changed_input_changes_the_hash(final):
    stored = selectors.stored_inputs(final)
    for change in (
        lambda d: d["quotas"].__setitem__("total", 2),
        lambda d: d["gates"].__setitem__("min_grade", "good"),
        lambda d: d["removed"].clear(),
        lambda d: d["candidates"][0].__setitem__("overdue_tasks", 1),
        lambda d: d["run"].__setitem__("input_sha256", "0" * 64),
    ):
        changed = copy.deepcopy(stored)
        change(changed)
        assert demonstration.inputs_hash(changed) != final.inputs_sha256
