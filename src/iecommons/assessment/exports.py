"""XLSX export of a run's results: the supervisor's table as a spreadsheet."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


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
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Results")[:31]
    headers = result_headers(dimension_names)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "C2"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(header) + 4))
    sheet.column_dimensions["B"].width = 40
    info = workbook.create_sheet(_("About")[:31])
    info.append([_("Title"), title])
    for key, value in about:
        info.append([key, value])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
