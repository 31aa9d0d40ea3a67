"""Reading decision matrices and pairwise matrices from CSV and XLSX files.

Errors are ``ValueError`` messages that name the file, the row and the column.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from fractions import Fraction
from pathlib import Path

import numpy as np

from iecommons.analytics._validation import FloatArray


@dataclasses.dataclass(frozen=True)
class Table:
    """A labelled numeric table read from a file."""

    values: FloatArray
    rows: tuple[str, ...]
    columns: tuple[str, ...]


def _cells(path: Path, sheet: str | None) -> list[list[str]]:
    if not path.exists():
        raise ValueError(f"{path}: no such file")
    if path.is_dir():
        raise ValueError(f"{path}: is a directory, expected a CSV or XLSX file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_cells(path, sheet)
    if sheet is not None:
        raise ValueError(f"{path}: --sheet applies to XLSX files only")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text; save the CSV as UTF-8 (or use XLSX)") from None
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(text.splitlines(), dialect)]


def _xlsx_cells(path: Path, sheet: str | None) -> list[list[str]]:
    from openpyxl import load_workbook  # deferred: only XLSX readers pay for it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a bad file
        raise ValueError(f"{path}: not a readable XLSX workbook ({error})") from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise ValueError(
                f"{path}: no sheet {sheet!r}; sheets: {', '.join(workbook.sheetnames)}"
            )
        rows = []
        for row in worksheet.iter_rows(values_only=True):
            rows.append(["" if cell is None else str(cell).strip() for cell in row])
        return rows
    finally:
        workbook.close()


def _number(text: str) -> float:
    """Parse a number; fractions such as ``1/3`` are accepted (pairwise judgments)."""
    try:
        return float(text)
    except ValueError:
        pass
    if "/" in text:
        numerator, _, denominator = text.partition("/")
        return float(Fraction(numerator.strip()) / Fraction(denominator.strip()))
    raise ValueError(text)


def _trim(rows: list[list[str]]) -> list[tuple[int, list[str]]]:
    """Drop empty rows and trailing empty cells, keeping 1-based file row numbers."""
    out = []
    for number, row in enumerate(rows, start=1):
        cells = list(row)
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            out.append((number, cells))
    return out


def read_decision_matrix(path: str | Path, *, sheet: str | None = None) -> Table:
    """Read a decision matrix: header row of criterion names, first column of names."""
    file = Path(path)
    rows = _trim(_cells(file, sheet))
    if len(rows) < 2:
        raise ValueError(
            f"{file}: expected a header row of criterion names and at least one alternative row"
        )
    header_number, header = rows[0]
    criteria = header[1:]
    if not criteria:
        raise ValueError(
            f"{file}: row {header_number} (header) has no criterion names after the first column"
        )
    for k, name in enumerate(criteria, start=2):
        if name == "":
            raise ValueError(f"{file}: row {header_number}, column {k}: empty criterion name")
    seen: set[str] = set()
    for name in criteria:
        if name in seen:
            raise ValueError(f"{file}: criterion {name!r} appears twice in the header")
        seen.add(name)
    names: list[str] = []
    values = np.empty((len(rows) - 1, len(criteria)))
    for i, (number, cells) in enumerate(rows[1:]):
        if len(cells) - 1 != len(criteria):
            raise ValueError(
                f"{file}: row {number} has {len(cells) - 1} value(s), expected "
                f"{len(criteria)} (one per criterion)"
            )
        if cells[0] == "":
            raise ValueError(f"{file}: row {number}, column 1: empty alternative name")
        names.append(cells[0])
        for j, text in enumerate(cells[1:]):
            try:
                value = _number(text)
            except (ValueError, ZeroDivisionError):
                raise ValueError(
                    f"{file}: row {number} ({cells[0]!r}), criterion {criteria[j]!r}: "
                    f"{text!r} is not a number"
                ) from None
            if not math.isfinite(value):
                raise ValueError(
                    f"{file}: row {number} ({cells[0]!r}), criterion {criteria[j]!r}: "
                    f"{text!r} is not a finite number"
                )
            values[i, j] = value
    if len(set(names)) != len(names):
        duplicate = next(n for k, n in enumerate(names) if n in names[:k])
        raise ValueError(f"{file}: alternative {duplicate!r} appears twice")
    return Table(values=values, rows=tuple(names), columns=tuple(criteria))


def read_pairwise_matrix(path: str | Path, *, sheet: str | None = None) -> Table:
    """Read a square pairwise matrix, with or without a header row and name column.

    Cells may be fractions such as ``1/3``. Without labels the names are ``C1..Cn``.
    """
    file = Path(path)
    rows = _trim(_cells(file, sheet))
    if not rows:
        raise ValueError(f"{file}: empty file, expected a square matrix of judgments")
    first = rows[0][1]
    labelled = False
    try:
        _number(first[0])
    except (ValueError, ZeroDivisionError):
        labelled = True
    if labelled:
        names = tuple(first[1:])
        body = rows[1:]
        offset = 1
    else:
        names = tuple(f"C{k + 1}" for k in range(len(first)))
        body = rows
        offset = 0
    n = len(names)
    if n == 0 or len(body) != n:
        raise ValueError(
            f"{file}: expected a square matrix, got {len(body)} row(s) and {n} column(s)"
        )
    values = np.empty((n, n))
    for i, (number, cells) in enumerate(body):
        data = cells[offset:]
        if len(data) != n:
            raise ValueError(f"{file}: row {number} has {len(data)} judgment(s), expected {n}")
        if labelled and cells[0] != names[i]:
            raise ValueError(
                f"{file}: row {number} is labelled {cells[0]!r}, expected {names[i]!r} "
                "(rows and columns must list the criteria in the same order)"
            )
        for j, text in enumerate(data):
            try:
                values[i, j] = _number(text)
            except (ValueError, ZeroDivisionError):
                raise ValueError(
                    f"{file}: row {number}, column {j + 1 + offset} ({names[j]!r}): "
                    f"{text!r} is not a judgment (use numbers such as 3 or 1/3)"
                ) from None
    return Table(values=values, rows=names, columns=names)
