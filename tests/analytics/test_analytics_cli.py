"""The command line: iecommons evaluate and iecommons weights, on CSV and XLSX files."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from iecommons.analytics import cli as analytics_cli

FIGHTERS_CSV = """aircraft,speed,range,payload,cost,reliability,maneuverability
A1,2.0,1500,20000,5.5,5,9
A2,2.5,2700,18000,6.5,3,5
A3,1.8,2000,21000,4.5,7,7
A4,2.2,1800,20000,5.0,5,5
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    import argparse

    parser = argparse.ArgumentParser(prog="iecommons")
    commands = parser.add_subparsers(dest="command", required=True)
    analytics_cli.add_commands(commands)
    args = parser.parse_args(list(argv))
    code = args.handler(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def fighters(tmp_path):
    path = tmp_path / "fighters.csv"
    path.write_text(FIGHTERS_CSV, encoding="utf-8")
    return path


def test_evaluate_prints_topsis_scores_and_ranks_as_json(capsys, fighters):
    code, out, _ = run(
        capsys,
        "evaluate",
        str(fighters),
        "--method",
        "topsis",
        "--weights",
        "0.2,0.1,0.1,0.1,0.2,0.3",
        "--cost",
        "cost",
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    rows = {row["alternative"]: row for row in document["results"]}
    assert round(rows["A1"]["closeness"], 3) == 0.643
    assert [rows[a]["rank"] for a in ("A1", "A2", "A3", "A4")] == [1, 4, 2, 3]


def test_evaluate_prints_a_table_and_csv(capsys, fighters):
    code, out, _ = run(capsys, "evaluate", str(fighters), "--weights", "critic", "--cost", "cost")
    assert code == 0
    assert "closeness" in out
    assert "A3" in out
    code, out, _ = run(
        capsys,
        "evaluate",
        str(fighters),
        "--method",
        "wsm",
        "--weights",
        "entropy",
        "--normalize",
        "max",
        "--cost",
        "cost",
        "--format",
        "csv",
    )
    assert code == 0
    assert out.splitlines()[0] == "alternative,score,rank"
    assert len(out.splitlines()) == 5


def test_evaluate_gra_and_fuzzy(capsys, fighters):
    code, out, _ = run(capsys, "evaluate", str(fighters), "--method", "gra", "--weights", "equal")
    assert code == 0
    assert "grade" in out
    code, out, _ = run(
        capsys,
        "evaluate",
        str(fighters),
        "--method",
        "fuzzy",
        "--weights",
        "equal",
        "--grades",
        "0,0.5,1",
        "--grade-names",
        "low,mid,high",
        "--format",
        "json",
    )
    assert code == 0
    assert {row["grade"] for row in json.loads(out)["results"]} <= {"low", "mid", "high"}


def test_evaluate_reads_xlsx_and_ahp_weights(capsys, tmp_path):
    book = Workbook()
    sheet = book.active
    for line in FIGHTERS_CSV.strip().splitlines():
        cells = line.split(",")
        sheet.append([cells[0], *(float(c) if c[0].isdigit() else c for c in cells[1:])])
    path = tmp_path / "fighters.xlsx"
    book.save(path)
    matrix = tmp_path / "judgments.csv"
    # Labelled pairwise matrix in another order than the decision matrix.
    names = ["maneuverability", "speed", "range", "payload", "cost", "reliability"]
    rows = [",".join(["", *names])]
    for a in names:
        rows.append(",".join([a, *("1" for _ in names)]))
    matrix.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "evaluate", str(path), "--weights", f"ahp:{matrix}", "--format", "json"
    )
    assert code == 0
    weights = json.loads(out)["weights"]
    assert weights["speed"] == pytest.approx(1 / 6)


def test_weights_ahp_prints_lambda_ci_cr_and_the_ri_table(capsys, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("1,3,5\n1/3,1,3\n1/5,1/3,1\n", encoding="utf-8")
    code, out, _ = run(capsys, "weights", "ahp", str(path), "--ri", "chinese_textbook")
    assert code == 0
    for text in ("lambda_max", "CI", "CR", "chinese_textbook", "0.52, 0.89", "consistent"):
        assert text in out


def test_weights_ahp_suggests_a_revision_for_an_inconsistent_matrix(capsys, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("1,9,1/3\n1/9,1,5\n3,1/5,1\n", encoding="utf-8")
    code, out, _ = run(capsys, "weights", "ahp", str(path))
    assert code == 0
    assert "INCONSISTENT" in out
    assert "suggestion: revise a[" in out


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        ("name,a,b\nx,1,2\ny,3,oops\n", [], "row 3 ('y'), criterion 'b': 'oops' is not a number"),
        ("name,a,b\nx,1,2\ny,3\n", [], "row 3 has 1 value(s), expected 2"),
        ("name,a,b\nx,1,2\ny,3,4\n", ["--cost", "c"], "unknown criterion 'c'"),
        ("name,a,b\nx,1,2\ny,3,4\n", ["--weights", "0.5,0.6"], "sum to 1.1, expected 1"),
        ("name,a,b\nx,1,2\ny,3,4\n", ["--weights", "1"], "1 number(s), the file has 2"),
        ("name,a,a\nx,1,2\ny,3,4\n", [], "criterion 'a' appears twice"),
        ("name,a,b\nx,1,nan\ny,3,4\n", [], "not a finite number"),
        ("name,a,b\nx,0,2\ny,0,4\n", [], "criterion 'a' is all zeros"),
    ],
)
def test_bad_files_give_a_clear_message_and_exit_status_2(capsys, tmp_path, content, argv, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    argv = ["--weights", "equal", *argv] if "--weights" not in argv else argv
    code, out, err = run(capsys, "evaluate", str(path), *argv)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_a_missing_file_and_a_non_reciprocal_matrix_exit_with_2(capsys, tmp_path):
    code, _, err = run(capsys, "evaluate", str(tmp_path / "none.csv"))
    assert code == 2
    assert "no such file" in err
    path = tmp_path / "m.csv"
    path.write_text(",a,b\na,1,2\nb,3,1\n", encoding="utf-8")
    code, _, err = run(capsys, "weights", "ahp", str(path))
    assert code == 2
    assert "not reciprocal at cell (a, b)" in err


def test_a_bad_xlsx_file_exits_with_2(capsys, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 2
    assert "not a readable XLSX workbook" in err


def test_every_option_is_explained_in_help(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "evaluate", "--help")
    out = capsys.readouterr().out
    for option in ("--method", "--weights", "--cost", "--normalize", "--format"):
        assert option in out
