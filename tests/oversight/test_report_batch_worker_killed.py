"""A report batch whose worker is killed resumes in another worker: a real ``db_worker``
process takes the batch's job, is killed with SIGKILL after storing a report, and a second
``db_worker`` finishes the batch once the dead one's lease has run out. The reports stored
before the kill are kept (none is drawn twice) and the archive holds every report.

Everything runs in subprocesses against a file SQLite database of the test's own (a worker
cannot see the test database), in both passes of the suite, with a short lease
(``JOB_LEASE_SECONDS=6``, the least the settings accept) and a sweep every second. The
in-process ``test_report_batches.py`` covers the same resumption on PostgreSQL.
"""

from __future__ import annotations

import io
import signal
import zipfile
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

COMMUNITIES = 4


def build_batch() -> int:
    """In the subprocess: migrate, four communities, a national supervisor, and its batch of
    their 2025 reports in one job (queued after commit, as the batch page does it)."""

    from django.core.management import call_command

    from iecommons.accounts.models import Role, RoleAssignment, User
    from iecommons.oversight.reports.batch import report_batch_start

    call_command("migrate", verbosity=0)
    seed_communities(COMMUNITIES)
    supervisor = User.objects.create_user("supervisor", password="unused-in-this-test")
    RoleAssignment.objects.create(user=supervisor, role=Role.SUPERVISOR)
    return int(report_batch_start(actor=supervisor, year=2025, region=None).pk)


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return worker_environment(
        tmp_path / "var", JOB_LEASE_SECONDS="6", JOB_SWEEP_SECONDS="1", REPORT_BATCH_JOBS="1"
    )


def lease(database: Path) -> list[tuple[object, ...]]:
    """The batch job's lease: its attempts and state (the periodic jobs have their own)."""
    return rows(
        database,
        "SELECT attempts, state FROM common_joblease WHERE key LIKE 'oversight.report_batch:%'",
    )


def generated(database: Path, batch_id: int) -> dict[int, str]:
    """Each stored report of the batch: its item and when it was stored."""
    found = rows(
        database,
        "SELECT id, generated_at FROM oversight_reportbatchitem "
        "WHERE batch_id = ? AND generated_at IS NOT NULL",
        batch_id,
    )
    return {int(pk): str(at) for pk, at in found}  # type: ignore[call-overload]


def test_a_killed_workers_batch_is_finished_by_another_worker_after_the_lease(
    environment: dict[str, str], tmp_path: Path
) -> None:
    var = tmp_path / "var"
    database = var / "iecommons.sqlite3"
    output = manage(
        environment, "shell", "-c",
        "from tests.oversight.test_report_batch_worker_killed import build_batch; "
        "print(build_batch())",
    )  # fmt: skip
    batch_id = int(output.strip().splitlines()[-1])

    with worker(environment) as first:
        started = wait_until(lambda: len(generated(database, batch_id)) >= 1, 120)
        assert started, "the first worker stored no report"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    before = generated(database, batch_id)
    assert 1 <= len(before) < COMMUNITIES, "the batch ended before the kill: make it bigger"
    assert lease(database) == [(1, "running")]  # what the dead worker left behind

    with worker(environment):
        finished = wait_until(
            lambda: rows(database, "SELECT status FROM oversight_reportbatch")[0][0] == "done",
            90,
        )
        assert finished, f"the batch did not finish: {generated(database, batch_id)}"
    items = rows(
        database, "SELECT generations FROM oversight_reportbatchitem WHERE batch_id = ?", batch_id
    )
    assert [generations for (generations,) in items] == [1] * COMMUNITIES  # none drawn twice
    after = generated(database, batch_id)
    assert {pk: after[pk] for pk in before} == before  # stored before the kill: kept
    assert lease(database) == [(2, "done")]

    [(archive,)] = rows(database, "SELECT archive FROM oversight_reportbatch")
    with zipfile.ZipFile(io.BytesIO((var / "media" / str(archive)).read_bytes())) as zipped:
        names = zipped.namelist()
        communities = rows(database, "SELECT id, name FROM registry_community")
        assert sorted(names) == sorted(f"2025-{pk}-{name}.pdf" for pk, name in communities)
        assert all(zipped.read(name)[:5] == b"%PDF-" for name in names)
