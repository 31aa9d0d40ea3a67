"""The member import reads within bounds and admits through the one admission service.

- A small hostile spreadsheet (its ``<dimension>`` claims 16,384 columns × 5,001 rows)
  costs milliseconds, not seconds: the bounds are enforced while reading.
- A row breaking a rule of admission (re-joining before the previous membership ended,
  joining in the future by the project's time zone) is reported with its row and column,
  and nothing of the file is written.
"""

from __future__ import annotations

import datetime
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from iecommons.common.models import AuditEntry
from iecommons.registry.imports import ImportRefusedError, import_members
from iecommons.registry.models import Membership, Organization
from tests.factories import MembershipFactory, city, valid_credit_code
from tests.fixtures import World

pytestmark = pytest.mark.django_db

HEADER = "name,credit_code,type,region,role,duties,joined"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="members" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def hostile_xlsx(cells: str = "") -> bytes:
    """A hand-written workbook whose one sheet *declares* A1:XFD5001 but holds ``cells``."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:XFD5001"/><sheetData>{cells}</sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def _inline(row: int, column: str, text: str) -> str:
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def _import(world: World, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return import_members(
        actor=world.secretary,
        community=world.community_a,
        upload=SimpleUploadedFile(name, content),
    )


def test_the_hostile_spreadsheet_is_refused_in_milliseconds(world: World) -> None:
    bomb = hostile_xlsx(f'<row r="1">{_inline(1, "A", "name")}</row>')
    assert len(bomb) < 1600  # about 1.4 KB, as in the report
    with pytest.raises(ImportRefusedError):
        _import(world, "warm-up.xlsx", bomb)  # the first call imports openpyxl
    started = time.perf_counter()
    with pytest.raises(ImportRefusedError) as refused:
        _import(world, "members.xlsx", bomb)
    elapsed = time.perf_counter() - started
    assert "no rows below the header" in str(refused.value)
    assert elapsed < 0.1, f"took {elapsed * 1000:.0f} ms"


def test_a_far_away_cell_does_not_make_the_sheet_wide_or_long(world: World) -> None:
    bomb = hostile_xlsx(
        f'<row r="1">{_inline(1, "A", "name")}</row><row r="5001">{_inline(5001, "XFD", "x")}</row>'
    )
    started = time.perf_counter()
    with pytest.raises(ImportRefusedError):
        _import(world, "members.xlsx", bomb)
    assert time.perf_counter() - started < 0.5


def test_a_row_wider_than_the_bound_is_refused_naming_it(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_COLUMNS = 10
    cells = "".join(_inline(2, chr(ord("A") + index), "x") for index in range(11))
    with pytest.raises(ImportRefusedError) as refused:
        _import(world, "members.xlsx", hostile_xlsx(f'<row r="2">{cells}</row>'))
    assert str(refused.value) == "Row 2 has 11 columns; at most 10 are read."


def test_a_cell_longer_than_the_bound_is_refused_naming_row_and_column(
    world: World, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_CELL_CHARS = 200
    content = f"{HEADER}\n公司,{'x' * 201},enterprise,常州市,,,2024-01-02\n".encode()
    with pytest.raises(ImportRefusedError) as refused:
        _import(world, "members.csv", content)
    assert str(refused.value).startswith("Row 2, column 2 holds 201 characters")


def test_more_rows_than_the_bound_are_refused_while_reading(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPORT_MAX_ROWS = 3
    rows = "".join(
        f"公司{n},{valid_credit_code(700 + n)},enterprise,常州市,,,2024-01-02\n" for n in range(4)
    )
    with pytest.raises(ImportRefusedError) as refused:
        _import(world, "members.csv", f"{HEADER}\n{rows}".encode())
    assert "more than 3 rows" in str(refused.value)


def test_an_overlapping_rejoin_is_refused_with_its_row_and_nothing_is_written(
    world: World,
) -> None:
    city()
    former = MembershipFactory(
        community=world.community_a,
        joined=datetime.date(2024, 1, 1),
        left=datetime.date(2024, 6, 30),
    ).organization
    newcomer = valid_credit_code(801)
    content = (
        f"{HEADER}\n"
        f"新公司,{newcomer},enterprise,常州市,,,2024-03-01\n"
        f"{former.name},{former.credit_code},enterprise,常州市,,,2024-03-01\n"
    ).encode()
    before = (Organization.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    report = _import(world, "members.csv", content)
    assert [(problem.row, problem.column) for problem in report.problems] == [(3, "joined")]
    assert "left on 2024-06-30" in report.problems[0].expected
    assert report.admitted == 0
    after = (Organization.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    assert after == before
    assert not Organization.objects.filter(credit_code=newcomer).exists()


def test_a_rejoin_of_an_active_member_is_refused_on_its_credit_code(world: World) -> None:
    city()
    member = world.member_a
    content = f"{HEADER}\n{member.name},{member.credit_code},enterprise,常州市,,,2024-03-01\n"
    report = _import(world, "members.csv", content.encode())
    assert [(problem.row, problem.column) for problem in report.problems] == [(2, "credit code")]
    assert "already a member" in report.problems[0].expected


def test_joining_tomorrow_by_the_project_time_zone_is_refused(world: World) -> None:
    city()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    content = f"{HEADER}\n新公司,{valid_credit_code(802)},enterprise,常州市,,,{tomorrow}\n"
    report = _import(world, "members.csv", content.encode())
    assert [(problem.row, problem.column) for problem in report.problems] == [(2, "joined")]
    assert "future" in report.problems[0].expected


def test_a_rejoin_after_the_membership_ended_is_admitted(world: World) -> None:
    city()
    former = MembershipFactory(
        community=world.community_a,
        joined=datetime.date(2024, 1, 1),
        left=datetime.date(2024, 6, 30),
    ).organization
    content = f"{HEADER}\n{former.name},{former.credit_code},enterprise,常州市,,,2024-07-01\n"
    report = _import(world, "members.csv", content.encode())
    assert report.ok
    assert report.admitted == 1
    assert report.organizations_created == 0
    assert Membership.objects.filter(organization=former, left__isnull=True).count() == 1
