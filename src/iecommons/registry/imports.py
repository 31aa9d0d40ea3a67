"""Bulk import of members from an XLSX or CSV file.

The file is read within bounds (size, rows, columns, characters per cell) and every row is
checked; one bad row refuses the whole file with a report of every bad row (row number,
column, value, what was expected) and nothing is written. Each row is admitted by the one
admission service, ``registry.services.member_admit_by_code``, inside one transaction for
the file: an organisation not yet registered is registered, then admitted.

Columns (header row, Chinese or English names accepted, any order):
  name / 名称, credit_code / 统一社会信用代码, type / 类型, region / 地区,
  role / 角色 (optional), duties / 职责 (optional), joined / 加入日期,
  name_en / 英文名称 (optional)
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iecommons.authz import registry as rules
from iecommons.authz.scope import require
from iecommons.common.uploads import MEMBER_IMPORT, XLSX
from iecommons.registry import services
from iecommons.registry.credit_code import credit_code_problem, normalize_credit_code
from iecommons.registry.models import Community, Membership, Organization, Region

#: How many times the upload limit an XLSX archive may expand to when decompressed.
MAX_EXPANSION = 20

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "名称", "单位名称", "organisation", "organization"),
    "credit_code": ("credit_code", "统一社会信用代码", "信用代码", "credit code"),
    "type": ("type", "类型", "单位类型"),
    "region": ("region", "地区", "城市", "city"),
    "role": ("role", "角色"),
    "duties": ("duties", "职责"),
    "joined": ("joined", "加入日期", "join date"),
    "name_en": ("name_en", "英文名称", "english name"),
}
REQUIRED = ("name", "credit_code", "type", "region", "joined")
COLUMN_LABELS = {
    "name": gettext_lazy("name"),
    "credit_code": gettext_lazy("credit code"),
    "type": gettext_lazy("type"),
    "region": gettext_lazy("region"),
    "role": gettext_lazy("role"),
    "duties": gettext_lazy("duties"),
    "joined": gettext_lazy("joined"),
    "name_en": gettext_lazy("English name"),
}


class ImportRefusedError(Exception):
    """The file as a whole cannot be read: wrong kind, empty, too large, no header."""


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    value: str
    expected: str


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    problems: list[RowProblem] = field(default_factory=list)
    admitted: int = 0
    organizations_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _choice_lookup(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Accept a choice by its code, its Chinese label or its English label."""
    from django.utils import translation

    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[value.lower()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


def _read_rows(upload: UploadedFile) -> list[list[str]]:
    """The file's non-blank rows, read within the bounds of the settings.

    Every bound is enforced while reading, so a small hostile file costs milliseconds: a
    spreadsheet's declared size (its ``<dimension>`` element) is never trusted, rows and
    columns are read only up to the bounds, and an archive that would expand far beyond
    the upload limit is refused before any part of it is decompressed.
    """
    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    upload.seek(0)
    if not data.strip():
        raise ImportRefusedError(_("The file is empty."))
    try:
        found = MEMBER_IMPORT.check(upload, field="file")
    except ValidationError as error:
        raise ImportRefusedError(error.messages[0]) from None
    rows = _read_xlsx(data) if found is XLSX else _read_csv(data)
    if len(rows) < 2:
        raise ImportRefusedError(_("The file has no rows below the header."))
    return rows


def read_table(upload: UploadedFile) -> list[list[str]]:
    """An uploaded XLSX or CSV table's non-blank rows, header first, read within the same
    bounds as a member list (for the other apps' imports, e.g. talent's lists)."""
    return _read_rows(upload)


class _Bounds:
    """Counts what has been read and refuses as soon as a bound is passed."""

    def __init__(self) -> None:
        self.max_rows = settings.IMPORT_MAX_ROWS
        self.max_columns = settings.IMPORT_MAX_COLUMNS
        self.max_chars = settings.IMPORT_MAX_CELL_CHARS
        # Blank rows are skipped but still cost reading: allow some, not millions.
        self.max_physical_rows = 2 * self.max_rows + 100
        self.rows: list[list[str]] = []
        self.physical = 0

    def add(self, cells: Sequence[Any]) -> None:
        self.physical += 1
        number = self.physical
        if number > self.max_physical_rows:
            raise self.too_many_rows()
        values = [_cell(value) for value in cells]
        while values and not values[-1]:
            values.pop()
        if not values:
            return
        if len(values) > self.max_columns:
            raise ImportRefusedError(
                _("Row %(row)d has %(count)d columns; at most %(max)d are read.")
                % {"row": number, "count": len(values), "max": self.max_columns}
            )
        for index, value in enumerate(values):
            if len(value) > self.max_chars:
                raise ImportRefusedError(
                    _(
                        "Row %(row)d, column %(column)d holds %(count)d characters; at most "
                        "%(max)d are accepted in one cell."
                    )
                    % {
                        "row": number,
                        "column": index + 1,
                        "count": len(value),
                        "max": self.max_chars,
                    }
                )
        self.rows.append(values)
        if len(self.rows) - 1 > self.max_rows:
            raise self.too_many_rows()

    def too_many_rows(self) -> ImportRefusedError:
        return ImportRefusedError(
            _("The file has more than %(max)d rows; at most %(max)d are accepted at once.")
            % {"max": self.max_rows}
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    not_readable = ImportRefusedError(_("This is not a readable .xlsx spreadsheet."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise not_readable from None
    if expanded > MAX_EXPANSION * settings.IMPORT_MAX_BYTES:
        raise ImportRefusedError(
            _("The spreadsheet expands to %(size)d MB; a member list needs far less.")
            % {"size": expanded // (1024 * 1024)}
        )
    bounds = _Bounds()
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise not_readable from None
    try:
        sheet = workbook.worksheets[0]
        # Explicit bounds: without them the reader pads every row to the declared width
        # and the sheet to the declared height.
        for row in sheet.iter_rows(
            max_row=bounds.max_physical_rows + 1,
            max_col=bounds.max_columns + 1,
            values_only=True,
        ):
            bounds.add(row)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile):
        raise not_readable from None
    finally:
        workbook.close()
    return bounds.rows


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise ImportRefusedError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    if "\x00" in text:
        raise ImportRefusedError(_("Expected an .xlsx or .csv file."))
    bounds = _Bounds()
    try:
        for row in csv.reader(io.StringIO(text)):
            bounds.add(row)
    except csv.Error:
        raise ImportRefusedError(_("This is not a readable CSV file.")) from None
    return bounds.rows


def _header_map(header: list[str]) -> dict[str, int]:
    aliases = {alias.lower(): key for key, names in COLUMNS.items() for alias in names}
    mapping: dict[str, int] = {}
    for index, title in enumerate(header):
        key = aliases.get(title.strip().lower())
        if key and key not in mapping:
            mapping[key] = index
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in mapping]
    if missing:
        raise ImportRefusedError(
            _("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return mapping


#: Which column a refusal of the admission service belongs to, by the field it names.
_SERVICE_FIELD_COLUMNS = {
    "credit_code": "credit_code",
    "organization": "credit_code",
    "joined": "joined",
    "role": "role",
    "duties": "duties",
    f"{services.NEW_ORGANIZATION}.credit_code": "credit_code",
    f"{services.NEW_ORGANIZATION}.name": "name",
    f"{services.NEW_ORGANIZATION}.name_en": "name_en",
    f"{services.NEW_ORGANIZATION}.type": "type",
    f"{services.NEW_ORGANIZATION}.region": "region",
}


class _RollBackError(Exception):
    """Raised inside the import's transaction so that a refused row writes nothing."""


def import_members(*, actor: Any, community: Community, upload: UploadedFile) -> ImportReport:
    """Check every row; if all are good, admit them all in one transaction.

    Each row is admitted by :func:`services.member_admit_by_code`, the one admission path,
    so a row breaking a rule of admission (a re-join before the previous membership ended,
    a joining date in the future, …) is refused as on the page. A refusal is reported with
    the row and the column, and nothing is written.

    Raises :class:`ImportRefusedError` for a file that cannot be read at all and
    ``PermissionDenied`` for an actor who may not manage the community.
    """
    require(rules.can_manage(actor, community))
    if community.status == Community.Status.DISSOLVED:
        raise ImportRefusedError(_("The community is dissolved."))
    rows = _read_rows(upload)
    columns = _header_map(rows[0])
    report = ImportReport()
    planned = _plan(rows, columns, report)
    codes = [item["credit_code"] for _number, item in planned]
    registered = set(
        Organization.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
    )
    try:
        with transaction.atomic():
            for number, item in planned:
                try:
                    with transaction.atomic():
                        services.member_admit_by_code(actor=actor, community=community, **item)
                except ValidationError as refusal:
                    _report_refusal(report, number, item, refusal)
            if report.problems:
                raise _RollBackError
    except _RollBackError:
        report.problems.sort(key=lambda problem: problem.row)
        return report
    report.admitted = len(planned)
    report.organizations_created = len(set(codes) - registered)
    return report


def _report_refusal(
    report: ImportReport, number: int, item: dict[str, Any], refusal: ValidationError
) -> None:
    raw = {
        "credit_code": item["credit_code"],
        "joined": item["joined"].isoformat(),
        "role": item["role"],
        "duties": item["duties"],
        **{key: str(value) for key, value in (item["new_organization"] or {}).items()},
    }
    for refused_field, messages in refusal.message_dict.items():
        column = _SERVICE_FIELD_COLUMNS.get(refused_field, "credit_code")
        value = raw.get(column, "")
        for message in messages:
            report.problems.append(RowProblem(number, str(COLUMN_LABELS[column]), value, message))


def _plan(
    rows: list[list[str]], columns: dict[str, int], report: ImportReport
) -> list[tuple[int, dict[str, Any]]]:
    """The admission of each row that reads well; a problem for each cell that does not."""
    types = _choice_lookup(Organization.Type.choices)
    roles = _choice_lookup(Membership.Role.choices)
    regions = {
        key: region
        for region in Region.objects.filter(level=Region.Level.CITY)
        for key in (region.code, region.name_zh, region.name_en.lower())
        if key
    }
    seen: dict[str, int] = {}
    planned: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(rows[1:], start=2):
        before = len(report.problems)

        def problem(column: str, value: str, expected: str, number: int = number) -> None:
            report.problems.append(RowProblem(number, str(COLUMN_LABELS[column]), value, expected))

        name = _value(row, columns, "name")
        raw_code = _value(row, columns, "credit_code")
        code = normalize_credit_code(raw_code)
        raw_type = _value(row, columns, "type")
        raw_region = _value(row, columns, "region")
        raw_role = _value(row, columns, "role")
        raw_joined = _value(row, columns, "joined")
        if not name:
            problem("name", name, _("the organisation's name"))
        elif len(name) > 200:
            problem("name", name[:40] + "…", _("at most 200 characters"))
        if credit_code_problem(code):
            problem(
                "credit_code",
                raw_code,
                _("an 18-character unified social credit code with a correct check character"),
            )
        elif code in seen:
            problem(
                "credit_code",
                raw_code,
                _("a code not already used in row %(row)d") % {"row": seen[code]},
            )
        else:
            seen[code] = number
        organization_type = types.get(raw_type.lower())
        if organization_type is None:
            problem(
                "type",
                raw_type,
                _("one of: %(choices)s")
                % {"choices": ", ".join(str(label) for _v, label in Organization.Type.choices)},
            )
        region = regions.get(raw_region) or regions.get(raw_region.lower())
        if region is None:
            problem("region", raw_region, _("a prefecture-level city by GB/T 2260 code or name"))
        role = roles.get(raw_role.lower()) if raw_role else Membership.Role.MEMBER
        if role is None:
            problem(
                "role",
                raw_role,
                _("one of: %(choices)s")
                % {"choices": ", ".join(str(label) for _v, label in Membership.Role.choices)},
            )
        joined = _parse_date(raw_joined)
        if joined is None:
            problem("joined", raw_joined, _("a date as YYYY-MM-DD"))
        if len(report.problems) == before:
            planned.append(
                (
                    number,
                    {
                        "credit_code": code,
                        "joined": joined,
                        "role": role,
                        "duties": _value(row, columns, "duties"),
                        "new_organization": {
                            "name": name,
                            "name_en": _value(row, columns, "name_en"),
                            "type": organization_type,
                            "region": region,
                        },
                    },
                )
            )
    return planned


def _value(row: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _parse_date(raw: str) -> datetime.date | None:
    text = raw.strip().replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None
