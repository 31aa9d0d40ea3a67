"""Real ``db_worker`` processes for the tests that kill one: the platform run as its own
subprocesses against a file SQLite database under the test's ``var/`` (a worker cannot see
the test database), read back with ``sqlite3``.

The environment is the test run's (its ``SECRET_KEY`` included) without ``DATABASE_URL`` and
``DJANGO_SETTINGS_MODULE``, so the subprocesses use the embedded default in both passes of
the suite.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
WORKER_COMMAND = [
    sys.executable, "-m", "iecommons.cli", "manage", "db_worker", "--no-reload",
    "--no-startup-delay", "--queue-name", "*", "--interval", "0.2", "--verbosity", "0",
]  # fmt: skip


def worker_environment(var: Path, **settings: str) -> dict[str, str]:
    """The subprocesses' environment: the embedded database in ``var``, the platform's job
    lease and sweep defaults, and ``settings`` (such as ``JOB_LEASE_SECONDS``) over them."""
    dropped = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JOB_LEASE_SECONDS", "JOB_SWEEP_SECONDS"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env["IECOMMONS_VAR_DIR"] = str(var)
    env.update(settings)
    return env


def manage(environment: dict[str, str], *arguments: str, timeout: float = 600) -> str:
    """``iecommons manage ARGUMENTS`` to its end; its output (the test fails on an error)."""
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "iecommons.cli", "manage", *arguments],
        cwd=REPOSITORY, env=environment, capture_output=True, text=True, timeout=timeout,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@contextlib.contextmanager
def worker(environment: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A running ``db_worker``; stopped at the end (SIGTERM, then SIGKILL) unless dead."""
    process = subprocess.Popen(WORKER_COMMAND, cwd=REPOSITORY, env=environment)  # noqa: S603
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def rows(database: Path, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as connection:
        return list(connection.execute(sql, parameters).fetchall())


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def seed_communities(count: int) -> None:
    """In the subprocess: ``count`` provincial communities seated in Changzhou (Jiangsu)."""
    import datetime

    from iecommons.registry.models import Community, Field, Region

    province = Region.objects.create(code="320000", name_zh="江苏省", level="province")
    city = Region.objects.create(code="320400", name_zh="常州市", level="city", parent=province)
    field = Field.objects.create(code="rail", name_zh="轨道交通", order=1)
    Community.objects.bulk_create(
        [
            Community(
                name=f"共同体{i}", kind="industry", level="provincial", field=field,
                region=city, province=province, founded=datetime.date(2023, 1, 1),
            )
            for i in range(count)
        ]
    )  # fmt: skip
