"""``iecommons match`` on CSV files: the assignment, the cutoffs, and refusals of bad files."""

from __future__ import annotations

import argparse
import json

import pytest

from iecommons.analytics import cli as analytics_cli

APPLICATIONS = """student,position,rank,score
wang,lathe,1,70
wang,weld,2,80
li,lathe,1,90
li,weld,2,60
zhao,weld,1,50
"""
POSITIONS = """position,capacity
lathe,1
weld,1
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="iecommons")
    commands = parser.add_subparsers(dest="command", required=True)
    analytics_cli.add_commands(commands)
    args = parser.parse_args(list(argv))
    code = args.handler(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def files(tmp_path):
    applications = tmp_path / "applications.csv"
    applications.write_text(APPLICATIONS, encoding="utf-8")
    positions = tmp_path / "positions.csv"
    positions.write_text(POSITIONS, encoding="utf-8")
    return applications, positions


def test_it_prints_each_students_position_and_each_cutoff(capsys, files):
    code, out, _ = run(capsys, "match", str(files[0]), str(files[1]), "--format", "json")
    assert code == 0
    document = json.loads(out)
    placed = {row["student"]: row["position"] for row in document["assignment"]}
    assert placed == {"wang": "weld", "li": "lathe", "zhao": ""}
    cutoffs = {row["position"]: row["cutoff"] for row in document["positions"]}
    assert cutoffs == {"lathe": 90.0, "weld": 80.0}
    assert document["summary"]["placed"] == 2


def test_compare_reports_the_optimum_and_no_blocking_pair(capsys, files):
    code, out, _ = run(capsys, "match", str(files[0]), str(files[1]), "--compare")
    assert code == 0
    assert "blocking_pairs=0" in out
    assert "optimal_placed=2" in out
    assert "lathe" in out


def test_a_position_named_twice_is_refused_with_its_rows(capsys, files, tmp_path):
    files[0].write_text(APPLICATIONS + "wang,lathe,3,70\n", encoding="utf-8")
    code, _, err = run(capsys, "match", str(files[0]), str(files[1]))
    assert code == 2
    assert "row 7: student 'wang' names position 'lathe' twice (first in row 2)" in err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("zhao,drill,2,50", "row 7: position 'drill' is not in"),
        ("zhao,lathe,second,50", "row 7: rank 'second' is not a whole number"),
        ("zhao,lathe,2,high", "row 7: score 'high' is not a number"),
        ("zhao,lathe,0,50", "row 7: rank 0 is below 1"),
    ],
)
def test_bad_rows_are_refused_naming_the_row(capsys, files, line, message):
    files[0].write_text(APPLICATIONS + line + "\n", encoding="utf-8")
    code, _, err = run(capsys, "match", str(files[0]), str(files[1]))
    assert code == 2
    assert message in err


def test_a_missing_column_is_named(capsys, files):
    files[1].write_text("position,seats\nlathe,1\n", encoding="utf-8")
    code, _, err = run(capsys, "match", str(files[0]), str(files[1]))
    assert code == 2
    assert "lacks the column(s) capacity" in err
