"""Bulk import of members through the import page: all rows or none, and a report of
every bad row."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from iecommons.registry.models import Membership, Organization
from tests.factories import OrganizationFactory, city, shenzhen, valid_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    """Messages are asserted in English, whatever the catalogues hold."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


HEADER = ["名称", "统一社会信用代码", "类型", "地区", "角色", "职责", "加入日期"]


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def _upload(client: Any, world: Any, content: bytes, name: str) -> Any:
    client.force_login(world.secretary)
    return client.post(
        reverse("registry:member_import", kwargs={"pk": world.community_a.pk}),
        {"file": SimpleUploadedFile(name, content)},
    )


def _counts() -> tuple[int, int]:
    return Organization.objects.count(), Membership.objects.count()


def test_a_good_xlsx_registers_organisations_and_admits_every_row(client, world):
    known = OrganizationFactory()
    city()  # Changzhou, 320400
    content = xlsx(
        [
            [
                "常州一号科技有限公司",
                valid_credit_code(501),
                "enterprise",
                "320400",
                "",
                "",
                "2024-01-02",
            ],
            [
                "常州职业技术学院",
                valid_credit_code(502, prefix="52"),
                "higher_vocational",
                "常州市",
                "council",
                "共建专业",
                "2024-01-03",
            ],
            [known.name, known.credit_code, "enterprise", "常州市", "member", "", "2024-01-04"],
        ]
    )
    before = _counts()
    response = _upload(client, world, content, "members.xlsx")
    assert response.status_code == 302, response.context and response.context["report"]
    assert _counts() == (before[0] + 2, before[1] + 3)
    assert Membership.objects.filter(
        community=world.community_a, organization=known, left__isnull=True
    ).exists()
    followed = client.get(response["Location"])
    messages = [str(message) for message in followed.context["messages"]]
    assert any("3" in message and "2" in message for message in messages)
    world.community_a.refresh_from_db()
    assert world.community_a.member_count == 4


def test_a_good_csv_is_imported_too(client, world):
    city()
    content = csv_bytes(
        [
            [
                "常州二号科技有限公司",
                valid_credit_code(511),
                "enterprise",
                "常州市",
                "",
                "",
                "2024-02-01",
            ]
        ]
    )
    response = _upload(client, world, content, "members.csv")
    assert response.status_code == 302
    assert Organization.objects.filter(credit_code=valid_credit_code(511)).exists()


def test_a_file_with_bad_rows_reports_every_one_and_writes_nothing(client, world):
    city()
    shenzhen()
    good = ["常州好公司", valid_credit_code(521), "enterprise", "常州市", "", "", "2024-01-02"]
    bad_code = valid_credit_code(522)[:17] + ("0" if valid_credit_code(522)[17] != "0" else "1")
    content = xlsx(
        [
            good,  # row 2
            ["坏代码公司", bad_code, "enterprise", "常州市", "", "", "2024-01-02"],  # row 3
            ["火星公司", valid_credit_code(523), "enterprise", "火星市", "", "", "2024-01-02"],  # 4
            [
                "怪类型公司",
                valid_credit_code(524),
                "spaceship",
                "常州市",
                "",
                "",
                "2024-01-02",
            ],  # 5
            [
                "坏日期公司",
                valid_credit_code(525),
                "enterprise",
                "常州市",
                "",
                "",
                "2024-13-45",
            ],  # 6
            ["重复公司", valid_credit_code(521), "enterprise", "常州市", "", "", "2024-01-02"],  # 7
            [
                world.member_a.name,
                world.member_a.credit_code,
                "enterprise",
                "常州市",
                "",
                "",
                "2024-01-02",
            ],  # 8
        ]
    )
    before = _counts()
    response = _upload(client, world, content, "members.xlsx")
    assert response.status_code == 422
    problems = {(p.row, p.value) for p in response.context["report"].problems}
    assert problems == {
        (3, bad_code),
        (4, "火星市"),
        (5, "spaceship"),
        (6, "2024-13-45"),
        (7, valid_credit_code(521)),
        (8, world.member_a.credit_code),
    }
    html = response.content.decode()
    assert 'id="import-problems"' in html
    for row, value in problems:
        assert f"<td>{row}</td>" in html
        assert value in html
    assert "a date as YYYY-MM-DD" in html or "YYYY-MM-DD" in html
    assert "already used in row 2" in html or "row 2" in html
    assert _counts() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is a PNG image; expected XLSX or CSV"),
        ("report.pdf", b"%PDF-1.4 hello", "is a PDF document; expected XLSX or CSV"),
        ("members.xlsx", b"PK\x03\x04" + b"\x00" * 64, "expected XLSX or CSV"),
        ("empty.csv", b"", "empty"),
        ("blank.xlsx", b"   \n", "empty"),
    ],
)
def test_a_file_that_is_not_a_member_spreadsheet_is_refused_clearly(
    client, world, name, content, message
):
    before = _counts()
    response = _upload(client, world, content, name)
    assert response.status_code == 422
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert response.context["report"] is None
    assert _counts() == before


def test_a_file_without_the_required_columns_is_refused(client, world):
    content = xlsx([["某公司", valid_credit_code(531)]], header=["名称", "统一社会信用代码"])
    response = _upload(client, world, content, "members.xlsx")
    error = response.context["form"].errors["file"][0]
    assert "type" in error
    assert "region" in error
    assert "joined" in error


def test_a_file_too_large_is_refused(client, world, settings):
    settings.IMPORT_MAX_BYTES = 2048
    city()
    rows = [
        [f"常州公司{n}", valid_credit_code(600 + n), "enterprise", "常州市", "", "", "2024-01-02"]
        for n in range(200)
    ]
    before = _counts()
    response = _upload(client, world, csv_bytes(rows), "members.csv")
    assert "at most 2 KB is accepted" in response.context["form"].errors["file"][0]
    assert _counts() == before


def test_the_downloaded_template_imports_cleanly(client, world):
    city()
    client.force_login(world.secretary)
    template = client.get(
        reverse("registry:member_import_template", kwargs={"pk": world.community_a.pk})
    )
    sheet = load_workbook(io.BytesIO(template.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["name", "credit_code"]
    response = _upload(client, world, template.content, "template.xlsx")
    assert response.status_code == 302


def test_the_import_page_documents_the_columns(client, world):
    client.force_login(world.secretary)
    html = client.get(
        reverse("registry:member_import", kwargs={"pk": world.community_a.pk})
    ).content.decode()
    for header in ("统一社会信用代码", "credit_code", "joined", "加入日期"):
        assert header in html
    assert 'enctype="multipart/form-data"' in html
