"""``iecommons run`` end to end: set up, serve, run background jobs, stop cleanly.

The server runs in a child process on the embedded default (SQLite in a temporary
directory), exactly as ``make run`` starts it, apart from the port and the seed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django_tasks import task

REPOSITORY = Path(__file__).resolve().parent.parent


@task()
def write_marker(path: str) -> None:
    """A background job whose only effect is a file, visible from outside the worker."""
    Path(path).write_text("done", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env["IECOMMONS_VAR_DIR"] = str(tmp_path / "var")
    env["WEB_CONCURRENCY"] = "1"
    # Compressing ECharts for the manifest storage costs seconds and is not under test here.
    env["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    return env


@pytest.fixture
def server(environment: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], str]]:
    script = shutil.which("iecommons", path=str(Path(sys.executable).parent))
    assert script is not None
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [script, "run", "--port", str(port), "--no-seed"],
        cwd=REPOSITORY,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # A fresh database is migrated first: minutes on a loaded machine.
        if not wait_for(lambda: answers(f"{url}/healthz"), timeout=300):
            process.kill()
            # Its children may still hold the output pipe open: read it for a while only.
            try:
                output = process.communicate(timeout=10)[0]
            except subprocess.TimeoutExpired:
                output = "(no output)"
            pytest.fail(f"the server never answered:\n{output}")
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_it_serves_runs_jobs_and_stops_cleanly(
    server: tuple[subprocess.Popen[str], str], environment: dict[str, str], tmp_path: Path
) -> None:
    process, url = server
    assert answers(f"{url}/healthz")
    assert answers(f"{url}/static/css/app.css")

    marker = tmp_path / "marker"
    subprocess.run(  # noqa: S603 - our own interpreter
        [
            sys.executable, "-m", "iecommons.cli", "manage", "shell", "-c",
            f"from tests.test_serve import write_marker; write_marker.enqueue({str(marker)!r})",
        ],
        cwd=REPOSITORY, env=environment, check=True, timeout=60,
    )  # fmt: skip
    assert wait_for(marker.exists, timeout=30), "the background job never ran"

    process.send_signal(signal.SIGTERM)
    output = process.communicate(timeout=30)[0]
    assert process.returncode == 0, output
    assert f"IE Commons is at {url}/" in output
    assert not answers(f"{url}/healthz")


def test_a_second_ctrl_c_while_stopping_still_stops_everything_cleanly(
    server: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = server
    # A terminal sends SIGINT to the whole group; `uv run` forwards another one.
    process.send_signal(signal.SIGINT)
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=30)[0]
    assert "Traceback" not in output
    assert process.returncode == 0, output
    assert not answers(f"{url}/healthz")


def test_the_greeting_names_the_address_and_the_demo_accounts_in_english() -> None:
    import io

    from iecommons.common.management.commands.serve import Command

    command = Command(stdout=io.StringIO())
    command._greet("0.0.0.0", 8123)  # noqa: S104 - only the name of an address
    greeting = command.stdout.getvalue()  # type: ignore[attr-defined]
    assert "IE Commons is at http://127.0.0.1:8123/" in greeting
    assert "supervisor · supervisor · supervisor-demo · national" in greeting
    assert "secretariat · secretariat · secretariat-demo · the rail-transit community" in greeting
    # The talent chain's accounts too: a college's representative and a placed student.
    assert "member representative · college · college-demo · a college of the" in greeting
    assert "student · intern · intern-demo · a student of that college" in greeting
