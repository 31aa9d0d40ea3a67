"""Loading the shipped reference data: GB/T 2260 regions and the industry field taxonomy.

The tables live in ``registry/data/`` (see the README there for their source and licence).
Loading is an idempotent upsert keyed by ``code``: running it twice changes nothing, and a
refreshed table updates names and parents in place. Reference data is not business data,
so it is written directly rather than through services, and records no audit entries.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from iecommons.registry.models import Field, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "regions.csv"
FIELDS_CSV = DATA_DIR / "fields.csv"


@dataclass(frozen=True)
class LoadResult:
    """How many rows a load created and updated."""

    created: int
    updated: int


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines)


def region_rows() -> list[dict[str, str]]:
    """The rows of ``regions.csv``, provinces before their cities."""
    return list(_rows(REGIONS_CSV))


def field_rows() -> list[dict[str, str]]:
    """The rows of ``fields.csv`` in taxonomy order."""
    return list(_rows(FIELDS_CSV))


@transaction.atomic
def load_regions() -> LoadResult:
    """Create or update every region of ``regions.csv``."""
    existing = {region.code: region for region in Region.objects.all()}
    created = updated = 0
    # Provinces first, so that cities can point at them.
    rows = sorted(region_rows(), key=lambda row: (row["level"] != "province", row["code"]))
    for row in rows:
        parent = existing[row["parent_code"]] if row["parent_code"] else None
        values = {
            "level": row["level"],
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "parent_id": parent.pk if parent else None,
        }
        region = existing.get(row["code"])
        if region is None:
            existing[row["code"]] = Region.objects.create(code=row["code"], **values)
            created += 1
        elif any(getattr(region, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(region, name, value)
            region.save(update_fields=["level", "name_zh", "name_en", "parent"])
            updated += 1
    return LoadResult(created=created, updated=updated)


@transaction.atomic
def load_fields() -> LoadResult:
    """Create or update every industry field of ``fields.csv``."""
    existing = {field.code: field for field in Field.objects.all()}
    created = updated = 0
    for row in field_rows():
        parent = existing[row["parent_code"]] if row["parent_code"] else None
        values = {
            "order": int(row["order"]),
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "parent_id": parent.pk if parent else None,
        }
        field = existing.get(row["code"])
        if field is None:
            existing[row["code"]] = Field.objects.create(code=row["code"], **values)
            created += 1
        elif any(getattr(field, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(field, name, value)
            field.save(update_fields=["order", "name_zh", "name_en", "parent"])
            updated += 1
    return LoadResult(created=created, updated=updated)
