"""A run whose worker is killed mid-run is not left "running": a real ``db_worker`` process
is killed with SIGKILL while it computes, a fresh worker is started, and within two minutes
the run is done (computed again, every result there) or failed (no result at all).

Before: the task row stayed RUNNING, the run at 10 % for ever, and its page polled every 2 s.

Everything runs in subprocesses against a fresh SQLite database of the test's own, since a
worker process cannot see the test database (in memory for SQLite), with the platform's
default lease (60 s) and sweep interval (20 s).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.worker_processes import (
    manage,
    rows,
    seed_communities,
    wait_until,
    worker,
    worker_environment,
)

COMMUNITIES = 3000
INDICATORS = 40


def build_run() -> int:
    """In the subprocess: a cycle of 3,000 communities × 40 indicators, and a queued run."""
    import datetime

    import numpy as np
    from django.db import transaction

    from iecommons.assessment.demo_cycles import _insert
    from iecommons.assessment.models import (
        AssessmentCycle,
        Indicator,
        IndicatorFramework,
        IndicatorValue,
    )
    from iecommons.assessment.services import runs as run_services
    from iecommons.registry.models import Community

    rng = np.random.default_rng(7)
    seed_communities(COMMUNITIES)
    framework = IndicatorFramework.objects.create(name="框架", status="frozen")
    parents = [
        Indicator.objects.create(framework=framework, code=f"D{d}", name_zh=f"维度{d}", order=d)
        for d in range(4)
    ]
    leaves = Indicator.objects.bulk_create(
        [
            Indicator(
                framework=framework, parent=parents[j % 4], code=f"I{j:02d}",
                name_zh=f"指标{j}", order=j,
            )
            for j in range(INDICATORS)
        ]
    )  # fmt: skip
    cycle = AssessmentCycle.objects.create(
        name="周期", year=2025, framework=framework,
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31),
        submission_deadline=datetime.date(2026, 3, 1),
        verification_deadline=datetime.date(2026, 4, 1),
        judgment_deadline=datetime.date(2026, 4, 1),
    )  # fmt: skip
    ids = list(Community.objects.order_by("pk").values_list("pk", flat=True))
    cycle.communities.set(ids)
    values = np.exp(rng.normal(size=(len(ids), INDICATORS)))
    _insert(
        IndicatorValue,
        ["cycle_id", "community_id", "indicator_id", "value", "status", "trace", "comment",
         "updated_at"],
        [
            (cycle.pk, community, leaf.pk, float(values[i, j]), "verified", "{}", "",
             "2026-01-01")
            for i, community in enumerate(ids)
            for j, leaf in enumerate(leaves)
        ],
        json_columns={"trace"},
    )  # fmt: skip
    with transaction.atomic():  # queued after commit, as a page or the API does it
        run = run_services.evaluation_run_create(actor=None, cycle=cycle)
    return int(run.pk)


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return worker_environment(tmp_path / "var")


def read(database: Path, sql: str, *parameters: object) -> tuple[object, ...]:
    return rows(database, sql, *parameters)[0]


def run_state(database: Path, run_id: int) -> tuple[str, int, int]:
    status, interruptions = read(
        database,
        "SELECT status, interruptions FROM assessment_evaluationrun WHERE id = ?",
        run_id,
    )
    (results,) = read(database, "SELECT COUNT(*) FROM assessment_result WHERE run_id = ?", run_id)
    return str(status), int(interruptions), int(results)  # type: ignore[call-overload]


def test_a_run_whose_worker_is_killed_ends_done_or_failed_within_two_minutes(
    environment: dict[str, str], tmp_path: Path
) -> None:
    database = tmp_path / "var" / "iecommons.sqlite3"
    manage(environment, "migrate", "-v0")
    output = manage(
        environment, "shell", "-c",
        "from tests.assessment.test_runs_worker_killed import build_run; print(build_run())",
    )  # fmt: skip
    run_id = int(output.strip().splitlines()[-1])
    assert run_state(database, run_id) == ("queued", 0, 0)

    with worker(environment) as first:
        running = wait_until(lambda: run_state(database, run_id)[0] == "running", 180)
        assert running, f"the run never started: {run_state(database, run_id)}"
        time.sleep(0.3)  # inside the computation, which takes seconds at this size
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    killed_at = time.monotonic()
    status, _interruptions, results = run_state(database, run_id)
    assert status == "running", "the run ended before the kill: make it bigger"
    assert results == 0
    (task_status,) = read(
        database,
        "SELECT status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at LIMIT 1",
    )
    assert task_status == "RUNNING"  # what a dead worker leaves behind

    with worker(environment):
        ended = wait_until(
            lambda: run_state(database, run_id)[0] in ("done", "failed"),
            120 - (time.monotonic() - killed_at),
        )
        status, interruptions, results = run_state(database, run_id)
        assert ended, f"two minutes after the kill the run is still {status}"
    # Done: computed again from the start, every community's result there; failed: none.
    assert (status, results) in (("done", COMMUNITIES), ("failed", 0))
    assert interruptions == 1
    (stuck,) = read(
        database, "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    )
    assert stuck == 0
    (lease_state,) = read(
        database, "SELECT state FROM common_joblease WHERE key = ?", f"assessment.run:{run_id}"
    )
    assert lease_state in ("done", "lost")
