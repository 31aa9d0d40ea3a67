"""Spreadsheets and CSV files that cannot attack whoever opens them.

Every XLSX and CSV the platform writes goes through this module. Names and notes are typed
by the people of a community, and a spreadsheet program treats a cell that starts with
``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a carriage return before one) as a
formula: a community renamed ``=HYPERLINK("http://…"&F2,"Open")`` would put a live link
carrying the neighbouring cell into a supervisor's results file. Following the OWASP
guidance on CSV injection:

- in CSV, such a text is written with a leading single quote, which the spreadsheet shows
  as text and does not evaluate;
- in XLSX, it is stored as a string cell with the "quote prefix" style, so it is never a
  formula, keeps its exact text, and stays text if someone edits the cell;
- numbers, dates and booleans are written as they are: a negative number is not a formula.

The text rule itself lives in :mod:`iecommons.analytics.cells`, so that the analytics
command line, which must not import the platform, writes its CSV by the same rule.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from iecommons.analytics.cells import FORMULA_TRIGGERS, CsvWriter, csv_cell, is_formula_like

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def append_row(sheet: Worksheet, row: Iterable[Any]) -> None:
    """Appends ``row`` to ``sheet``; formula-like text is stored as text, never a formula."""
    values = list(row)
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if is_formula_like(value):
            cell.data_type = "s"
            cell.quotePrefix = True


def new_workbook() -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook always has one sheet
    return workbook, sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    """The XLSX file of ``workbook``."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = [
    "FORMULA_TRIGGERS",
    "XLSX_CONTENT_TYPE",
    "CsvWriter",
    "append_row",
    "csv_cell",
    "is_formula_like",
    "new_workbook",
    "workbook_bytes",
]
