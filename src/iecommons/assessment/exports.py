"""XLSX export of a run's results: the supervisor's table as a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from iecommons.common.exports import append_row, new_workbook, workbook_bytes


def result_headers(dimension_names: Sequence[str]) -> list[str]:
    """The column headers of the export, translated, dimension columns last."""
    return [
        _("Rank"),
        _("Community"),
        _("Industry field"),
        _("Level"),
        _("Province"),
        _("Score"),
        _("Grade"),
        _("Rank among peers"),
        _("Peers"),
        _("Probability of holding the rank band"),
        *dimension_names,
    ]


def results_workbook(
    *,
    title: str,
    dimension_names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    about: Sequence[tuple[str, str]] = (),
) -> bytes:
    """An XLSX file with the results sheet (one row per community, as given) and an
    "about" sheet (the run's method, weights and input hash) for whoever reads it later."""
    workbook, sheet = new_workbook()
    sheet.title = _("Results")[:31]
    headers = result_headers(dimension_names)
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "C2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(header) + 4))
    sheet.column_dimensions["B"].width = 40
    info = workbook.create_sheet(_("About")[:31])
    append_row(info, [_("Title"), title])
    for key, value in about:
        append_row(info, [key, value])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 80
    return workbook_bytes(workbook)
