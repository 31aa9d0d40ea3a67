"""The ``iecommons`` console script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iecommons.cli import main


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    output = capsys.readouterr().out
    assert "run" in output
    assert "manage" in output


def test_run_has_host_port_and_no_seed_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    output = capsys.readouterr().out
    for option in ("--host", "--port", "--no-seed"):
        assert option in output


def test_an_unknown_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["fly"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_the_installed_script_runs_django_checks(tmp_path: Path) -> None:
    script = shutil.which("iecommons", path=str(Path(sys.executable).parent))
    assert script is not None, "the iecommons console script is not installed"
    result = subprocess.run(  # noqa: S603 - our own console script
        [script, "manage", "check"],
        env={**os.environ, "IECOMMONS_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
