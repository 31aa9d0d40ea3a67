"""Bulk import of members from an XLSX or CSV file.

The file is read whole and every row is checked before anything is written; one bad row
refuses the whole file with a report of every bad row (row number, column, value, what was
expected). A good file is written in one transaction: new organisations are registered and
every row becomes a membership.

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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iecommons.authz import registry as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.registry.credit_code import credit_code_problem, normalize_credit_code
from iecommons.registry.models import Community, Membership, Organization, Region

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


def _read_rows(upload: IO[bytes], filename: str) -> list[list[str]]:
    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportRefusedError(
            _("The file is larger than %(size)d KB; split it into smaller files.")
            % {"size": settings.IMPORT_MAX_BYTES // 1024}
        )
    if not data.strip():
        raise ImportRefusedError(_("The file is empty."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise ImportRefusedError(_("Expected an .xlsx or .csv file."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise ImportRefusedError(_("The file has no rows below the header."))
    if len(rows) - 1 > settings.IMPORT_MAX_ROWS:
        raise ImportRefusedError(
            _("The file has %(rows)d rows; at most %(max)d are accepted at once.")
            % {"rows": len(rows) - 1, "max": settings.IMPORT_MAX_ROWS}
        )
    return rows


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

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefusedError(_("This is not a readable .xlsx spreadsheet.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for index, row in enumerate(sheet.iter_rows(values_only=True)):
            if index > settings.IMPORT_MAX_ROWS + 1:
                break
            rows.append([_cell(value) for value in row])
        return rows
    finally:
        workbook.close()


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
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error:
        raise ImportRefusedError(_("This is not a readable CSV file.")) from None


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


def import_members(
    *, actor: Any, community: Community, upload: IO[bytes], filename: str
) -> ImportReport:
    """Check every row; if all are good, admit them all in one transaction.

    Raises :class:`ImportRefusedError` for a file that cannot be read at all and
    ``PermissionDenied`` for an actor who may not manage the community.
    """
    require(rules.can_manage(actor, community))
    if community.status == Community.Status.DISSOLVED:
        raise ImportRefusedError(_("The community is dissolved."))
    rows = _read_rows(upload, filename)
    columns = _header_map(rows[0])
    types = _choice_lookup(Organization.Type.choices)
    roles = _choice_lookup(Membership.Role.choices)
    regions = {
        key: region
        for region in Region.objects.filter(level=Region.Level.CITY)
        for key in (region.code, region.name_zh, region.name_en.lower())
        if key
    }
    codes = [normalize_credit_code(_value(row, columns, "credit_code")) for row in rows[1:]]
    existing = {o.credit_code: o for o in Organization.objects.filter(credit_code__in=codes)}
    active = set(
        community.memberships.filter(left__isnull=True).values_list(
            "organization__credit_code", flat=True
        )
    )
    today = datetime.date.today()
    report = ImportReport()
    seen: dict[str, int] = {}
    planned: list[dict[str, Any]] = []

    for number, row in enumerate(rows[1:], start=2):

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
        reason = credit_code_problem(code)
        if reason:
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
        elif code in active:
            problem("credit_code", raw_code, _("an organisation that is not yet a member"))
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
        elif joined < community.founded or joined > today:
            problem(
                "joined",
                raw_joined,
                _("a date from %(start)s to today") % {"start": community.founded.isoformat()},
            )
        planned.append(
            {
                "name": name,
                "name_en": _value(row, columns, "name_en"),
                "code": code,
                "type": organization_type,
                "region": region,
                "role": role,
                "duties": _value(row, columns, "duties"),
                "joined": joined,
            }
        )
    if report.problems:
        return report
    with transaction.atomic():
        for item in planned:
            organization = existing.get(item["code"])
            if organization is None:
                organization = Organization.objects.create(
                    name=item["name"],
                    name_en=item["name_en"],
                    credit_code=item["code"],
                    type=item["type"],
                    region=item["region"],
                )
                audit.record(actor=actor, instance=organization, operation="member_import")
                existing[item["code"]] = organization
                report.organizations_created += 1
            membership = Membership.objects.create(
                community=community,
                organization=organization,
                role=item["role"],
                duties=item["duties"],
                joined=item["joined"],
            )
            audit.record(actor=actor, instance=membership, operation="member_import")
            report.admitted += 1
        Community.objects.filter(pk=community.pk).update(
            member_count=F("member_count") + report.admitted
        )
    return report


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
