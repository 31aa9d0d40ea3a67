"""The two reference catalogues: occupations (2022) and vocational majors (2021).

Read once from ``data/*.csv`` and cached; see ``data/README.md`` for their sources.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Entry:
    """One row of a catalogue."""

    code: str
    level: str
    name_zh: str
    name_en: str
    kind: str = ""
    field: str = ""

    @property
    def name(self) -> str:
        language = get_language() or ""
        return self.name_en if language.startswith("en") and self.name_en else self.name_zh

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def data_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


@functools.cache
def occupations() -> dict[str, Entry]:
    """Occupation codes (``6-18-01-01``) and the groups above them, by code."""
    return {
        row["code"]: Entry(
            code=row["code"], level=row["level"], name_zh=row["name_zh"], name_en=row["name_en"]
        )
        for row in data_rows("occupations.csv")
    }


@functools.cache
def majors() -> dict[str, Entry]:
    """Vocational majors, classes and categories, by code."""
    return {
        row["code"]: Entry(
            code=row["code"],
            level=row["level"],
            kind=row["kind"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            field=row["field"],
        )
        for row in data_rows("majors.csv")
    }


def major_codes() -> list[str]:
    """The six-digit majors (not their classes and categories)."""
    return [code for code, entry in majors().items() if entry.kind == "major"]
