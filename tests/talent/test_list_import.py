"""Posting to the lists on the page, the secretariat's review, and the spreadsheet import:
every row checked, each refusal naming its row and column, nothing written half-way."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from iecommons.common.models import AuditEntry
from iecommons.talent.exports import TALENT_COLUMNS
from iecommons.talent.models import ListStatus, TalentNeed

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _row(talent, **change):
    values = {
        "organization": talent.enterprise.name,
        "occupation_code": "6-31-01-10",
        "title": "工业机器人系统运维员",
        "skill_level": "3",
        "headcount": 12,
        "region": talent.world.community_a.region.code,
        "salary_min": 6000,
        "salary_max": 9000,
        "period_start": "2026-03-01",
        "period_end": "2026-12-31",
        "skills": "机器人编程, PLC",
        "major_codes": "460305",
    }
    values.update(change)
    return [values[column] for column in TALENT_COLUMNS]


def _xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(TALENT_COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("needs.xlsx", buffer.getvalue())


def _import(talent, rows, user=None):
    return _client(user or talent.hr).post(
        f"/talent/community/{talent.world.community_a.pk}/import/",
        {"import-kind": "talent", "import-file": _xlsx(rows)},
    )


def test_a_good_file_posts_every_row_for_review(talent):
    response = _import(talent, [_row(talent), _row(talent, title="焊工", headcount=3)])
    assert response.status_code == 302
    needs = TalentNeed.objects.order_by("pk")
    assert [n.title for n in needs] == ["工业机器人系统运维员", "焊工"]
    assert all(n.status == ListStatus.SUBMITTED for n in needs)
    assert needs[0].skills == ["MF03", "MF09"]


def test_one_bad_row_refuses_the_file_naming_every_row_and_column(talent):
    before = AuditEntry.objects.count()
    response = _import(
        talent,
        [
            _row(talent),
            _row(talent, occupation_code="9-99-99-99"),
            _row(talent, headcount="many", skills="跳舞"),
            _row(talent, organization=talent.other_enterprise.name),
        ],
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Row 3, column “occupation_code”" in page
    assert "Row 4, column “headcount”: Give a whole number." in page
    assert "Row 5, column “organization”" in page
    assert not TalentNeed.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_file_without_the_columns_is_refused(talent):
    workbook = Workbook()
    workbook.active.append(["title", "headcount"])
    workbook.active.append(["焊工", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _client(talent.hr).post(
        f"/talent/community/{talent.world.community_a.pk}/import/",
        {"import-kind": "talent", "import-file": SimpleUploadedFile("x.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 422
    assert "lacks the column(s) organization, occupation_code" in response.content.decode()


def test_an_exported_list_imports_again(talent):
    _import(talent, [_row(talent)])
    need = TalentNeed.objects.get()
    _client(talent.world.secretary).post(
        f"/talent/community/{talent.world.community_a.pk}/review/talent/{need.pk}/publish/"
    )
    exported = _client().get(
        f"/api/talent/communities/{talent.world.community_a.pk}/lists/talent/xlsx"
    )
    upload = SimpleUploadedFile("export.xlsx", exported.content)
    response = _client(talent.hr).post(
        f"/talent/community/{talent.world.community_a.pk}/import/",
        {"import-kind": "talent", "import-file": upload},
    )
    assert response.status_code == 302
    assert TalentNeed.objects.count() == 2
    assert TalentNeed.objects.order_by("pk").last().skills == need.skills


@pytest.mark.parametrize(
    ("person", "status"),
    [("hr", 200), ("secretary", 200), ("outsider", 404), ("stranger", 404), ("anonymous", 302)],
)
def test_the_posting_page_is_for_members_and_the_secretariat(talent, person, status):
    user = (
        None
        if person == "anonymous"
        else getattr(talent, person, None) or getattr(talent.world, person)
    )
    response = _client(user).get(f"/talent/community/{talent.world.community_a.pk}/post/")
    assert response.status_code in ((status,) if status != 302 else (302, 404))


def test_a_member_posts_a_need_and_the_secretariat_publishes_it(talent):
    community = talent.world.community_a
    response = _client(talent.hr).post(
        f"/talent/community/{community.pk}/post/talent/",
        {
            "talent-organization": talent.enterprise.pk,
            "talent-occupation_code": "6-31-01-10",
            "talent-title": "工业机器人系统运维员",
            "talent-skill_level": "3",
            "talent-headcount": 5,
            "talent-region": community.region.code,
            "talent-salary_min": 6000,
            "talent-salary_max": 9000,
            "talent-period_start": "2026-03-01",
            "talent-period_end": "2026-12-31",
            "talent-skills": "PLC",
            "talent-major_codes": "460305",
        },
    )
    assert response.status_code == 302
    need = TalentNeed.objects.get()
    assert (
        "工业机器人系统运维员"
        not in _client().get(f"/talent/community/{community.pk}/").content.decode()
    )
    review = f"/talent/community/{community.pk}/review/talent/{need.pk}/publish/"
    assert _client(talent.hr).post(review).status_code == 403
    assert _client(talent.world.secretary).post(review).status_code == 302
    assert (
        "工业机器人系统运维员"
        in _client().get(f"/talent/community/{community.pk}/").content.decode()
    )


def test_a_bad_need_on_the_page_is_refused_beside_its_field(talent):
    community = talent.world.community_a
    response = _client(talent.hr).post(
        f"/talent/community/{community.pk}/post/talent/",
        {
            "talent-organization": talent.enterprise.pk,
            "talent-occupation_code": "9-99-99-99",
            "talent-title": "x",
            "talent-skill_level": "3",
            "talent-headcount": 5,
            "talent-region": community.region.code,
            "talent-salary_min": 6000,
            "talent-salary_max": 9000,
            "talent-period_start": "2026-03-01",
            "talent-period_end": "2026-12-31",
        },
    )
    assert response.status_code == 422
    assert 'id="id_talent-occupation_code_error"' in response.content.decode()
    assert not TalentNeed.objects.exists()


def test_returning_needs_a_note(talent):
    _import(talent, [_row(talent)])
    need = TalentNeed.objects.get()
    url = f"/talent/community/{talent.world.community_a.pk}/review/talent/{need.pk}/return/"
    response = _client(talent.world.secretary).post(url, {"review-note": ""}, follow=True)
    assert "Say why the item is returned." in response.content.decode()
    _client(talent.world.secretary).post(url, {"review-note": "薪资范围请核实"})
    need.refresh_from_db()
    assert need.status == ListStatus.REJECTED


def test_the_api_imports_all_or_nothing_naming_rows(talent):
    url = f"/api/talent/communities/{talent.world.community_a.pk}/lists/talent/import"
    bad = _client(talent.hr).post(
        url, {"file": _xlsx([_row(talent), _row(talent, region="999999")])}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"]["file"] == [
        "Row 3, column “region”: “999999” is not a region code."
    ]
    assert not TalentNeed.objects.exists()
    good = _client(talent.hr).post(url, {"file": _xlsx([_row(talent)])})
    assert good.status_code == 201
    assert good.json() == {"posted": 1}
    assert (
        _client(talent.world.outsider).post(url, {"file": _xlsx([_row(talent)])}).status_code == 403
    )
