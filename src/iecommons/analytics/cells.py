"""Cells of CSV files that cannot attack whoever opens them (OWASP CSV injection).

A spreadsheet program takes a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some, a tab or carriage return) for a formula. Such text is written behind a single quote,
which the spreadsheet shows as text and never evaluates; numbers stay numbers. The
platform's exports (:mod:`iecommons.common.exports`) and the analytics command line both
write by this one rule.

>>> print(csv_cell('=HYPERLINK("http://x","Open")'))
'=HYPERLINK("http://x","Open")
>>> csv_cell(-3.5)
-3.5
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

#: The first characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet would take ``value`` for a formula: text with a trigger first."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV file: formula-like text behind a single quote, the rest as is."""
    return "'" + value if is_formula_like(value) else value


class CsvWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
