"""Building a release of the open-data package, all or nothing.

Every resource is written as CSV, XLSX and JSON into a temporary directory, each row checked
against its schema, against :data:`~iecommons.oversight.opendata.resources.PRIVATE_FIELDS`
and, for grades, against the runs that are actually published. Only when everything passed
is the directory moved to ``MEDIA_ROOT/open-data/v<version>/`` and the release recorded;
a refusal leaves nothing behind. Older versions are kept.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from iecommons.analytics.cells import csv_cell, is_formula_like
from iecommons.common import audit
from iecommons.oversight.models import OpenDataRelease
from iecommons.oversight.opendata.resources import (
    DEFAULT_RESOURCES,
    PRIVATE_FIELDS,
    Resource,
    published_run_ids,
)

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
FORMATS = ("csv", "xlsx", "json")


class OpenDataRefusedError(ValueError):
    """The build found something that must not be published; nothing was published."""


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / "open-data"


def release_directory(version: int) -> Path:
    return root() / f"v{version}"


def _text(value: Any) -> Any:
    """A value as the CSV and JSON files carry it: ISO dates, UTC times, empty for none."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _checked_rows(resource: Resource, published: set[int]) -> Iterable[dict[str, Any]]:
    names = resource.field_names
    expected = set(names)
    for number, row in enumerate(resource.rows(), start=1):
        if set(row) != expected:
            extra = ", ".join(sorted(set(row) - expected)) or "-"
            missing = ", ".join(sorted(expected - set(row))) or "-"
            raise OpenDataRefusedError(
                f"{resource.name}, row {number}: fields do not match the schema "
                f"(not declared: {extra}; missing: {missing})"
            )
        if "run_id" in row and row["run_id"] not in published:
            raise OpenDataRefusedError(
                f"{resource.name}, row {number}: run {row['run_id']} is not published; "
                "its grades are not open data"
            )
        yield row


def _write(resource: Resource, directory: Path, published: set[int]) -> int:
    private = sorted(set(resource.field_names) & PRIVATE_FIELDS)
    if private:
        raise OpenDataRefusedError(
            f"{resource.name}: {', '.join(private)} is private and never open data"
        )
    names = resource.field_names
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(resource.name)
    sheet.append(names)
    try:
        count = _write_rows(resource, directory, published, sheet)
    except BaseException:
        sheet.close()  # let the half-written sheet go quietly; the directory is removed
        raise
    workbook.save(directory / f"{resource.name}.xlsx")
    return count


def _write_rows(resource: Resource, directory: Path, published: set[int], sheet: Any) -> int:
    names = resource.field_names
    count = 0
    with (
        (directory / f"{resource.name}.csv").open("w", encoding="utf-8", newline="") as csv_file,
        (directory / f"{resource.name}.json").open("w", encoding="utf-8") as json_file,
    ):
        writer = csv.writer(csv_file, lineterminator="\n")
        writer.writerow(names)
        json_file.write("[")
        for row in _checked_rows(resource, published):
            values = [_text(row[name]) for name in names]
            writer.writerow([csv_cell(value) for value in values])
            record = dict(zip(names, values, strict=True))
            json_file.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
            cells = []
            for value in values:
                cell = WriteOnlyCell(sheet, value=value)
                if is_formula_like(value):  # text, never a formula (OWASP CSV injection)
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
            count += 1
        json_file.write("\n]\n")
    return count


def _descriptor(version: int, resources: Iterable[Resource], counts: dict[str, int]) -> dict:
    described = []
    for resource in resources:
        schema: dict[str, Any] = {"fields": [column.schema() for column in resource.columns]}
        if resource.primary_key:
            schema["primaryKey"] = list(resource.primary_key)
        for form in FORMATS:
            described.append(
                {
                    "name": resource.name if form == "csv" else f"{resource.name}-{form}",
                    "path": f"{resource.name}.{form}",
                    "format": form,
                    "title": f"{resource.title_zh} / {resource.title_en}",
                    "description": f"{resource.description_zh} / {resource.description_en}",
                    "schema": schema,
                    **({"encoding": "utf-8"} if form != "xlsx" else {}),
                    # frictionless checks a declared row count; its JSON reader counts none.
                    **({"rows": counts[resource.name]} if form != "json" else {}),
                }
            )
    return {
        "name": "iecommons-open-data",
        "title": "IE Commons 产教融合共同体开放数据 / IE Commons open data",
        "description": (
            "平台公开的共同体名录、成员进出记录、已发布的评价等级、三张清单（人才需求、技术需求、"
            "核心产品）和激励项目获奖名单；每次发布后重新生成，旧版本保留。 / The public "
            "registry, membership history, published grades, the three published lists "
            "(talent needs, technology needs, core products) and the awards of incentive "
            "programmes; rebuilt after each publication, older versions kept."
        ),
        "version": f"{version}.0.0",
        "created": timezone.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "licenses": [LICENSE],
        "resources": described,
    }


def open_data_build(
    *, actor: Any = None, reason: str = "", resources: tuple[Resource, ...] = DEFAULT_RESOURCES
) -> OpenDataRelease:
    """Build and publish the next release, or refuse with :class:`OpenDataRefusedError` and
    publish nothing."""
    root().mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=root()))
    try:
        published = published_run_ids()
        counts = {resource.name: _write(resource, staging, published) for resource in resources}
        with transaction.atomic():
            # The version is taken under the lock of the new row's unique constraint: two
            # builds at once cannot both publish the same version.
            latest = OpenDataRelease.objects.aggregate(latest=Max("version"))["latest"] or 0
            version = latest + 1
            descriptor = _descriptor(version, resources, counts)
            data = json.dumps(descriptor, ensure_ascii=False, indent=1).encode()
            (staging / "datapackage.json").write_bytes(data)
            release = OpenDataRelease.objects.create(
                version=version,
                built_by=actor if getattr(actor, "is_authenticated", False) else None,
                reason=reason[:200],
                descriptor_sha256=hashlib.sha256(data).hexdigest(),
                resources=[
                    {"name": item["name"], "path": item["path"], "rows": counts[name]}
                    for name in counts
                    for item in descriptor["resources"]
                    if item["path"].startswith(f"{name}.")
                ],
            )
            audit.record(actor=actor, instance=release, operation="open_data_build")
            staging.rename(release_directory(version))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return release
