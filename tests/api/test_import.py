"""Importing members through the API with a real spreadsheet: all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.registry.models import Membership
from tests.api.conftest import Api, good_rows, snapshot, spreadsheet, xlsx_upload
from tests.fixtures import World


def _url(world: World) -> str:
    return f"/api/communities/{world.community_a.pk}/import"


def test_a_good_spreadsheet_admits_every_row(api: Api, world: World) -> None:
    upload = xlsx_upload(spreadsheet(good_rows(3)))
    response = api.as_(world.secretary).call("post", _url(world), files={"file": upload})
    assert response.status_code == 200
    assert response.json() == {"admitted": 3, "organizations_created": 3}
    world.community_a.refresh_from_db()
    assert world.community_a.member_count == 4
    assert Membership.objects.filter(community=world.community_a, left__isnull=True).count() == 4


def test_a_spreadsheet_with_bad_rows_reports_every_one_and_writes_nothing(
    api: Api, world: World
) -> None:
    rows = good_rows(4)
    rows[1][1] = "91320400000000000X"  # wrong check character
    rows[2][3] = "火星"  # no such city
    rows[3][5] = "2099-01-01"  # in the future
    before = snapshot()
    response = api.as_(world.secretary).call(
        "post", _url(world), files={"file": xlsx_upload(spreadsheet(rows))}
    )
    assert response.status_code == 422
    body = response.json()
    assert [(problem["row"], problem["value"]) for problem in body["rows"]] == [
        (3, "91320400000000000X"),
        (4, "火星"),
        (5, "2099-01-01"),
    ]
    assert all(problem["column"] and problem["expected"] for problem in body["rows"])
    assert body["detail"]
    assert list(body["errors"]) == ["file"]
    assert snapshot() == before


def test_a_file_that_is_not_a_spreadsheet_is_refused_naming_the_file(
    api: Api, world: World
) -> None:
    upload = SimpleUploadedFile("members.pdf", b"%PDF-1.7 not a sheet")
    response = api.as_(world.secretary).call("post", _url(world), files={"file": upload})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]
    assert response.json()["rows"] == []


def test_an_upload_without_a_file_is_refused_naming_file(api: Api, world: World) -> None:
    response = api.as_(world.secretary).call("post", _url(world), files={})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]


def test_an_outsider_cannot_import_into_another_community(api: Api, world: World) -> None:
    before = snapshot()
    upload = xlsx_upload(spreadsheet(good_rows(2)))
    response = api.as_(world.outsider).call("post", _url(world), files={"file": upload})
    assert response.status_code == 403
    assert snapshot() == before


def test_a_huge_file_is_refused_before_it_is_read(api: Api, world: World, settings: Any) -> None:
    settings.IMPORT_MAX_BYTES = 2048
    before = snapshot()
    upload = xlsx_upload(spreadsheet(good_rows(200)))
    response = api.as_(world.secretary).call("post", _url(world), files={"file": upload})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["file"]
    assert "KB" in response.json()["detail"]
    assert snapshot() == before


def test_a_json_body_over_the_upload_limit_is_refused_as_json(
    api: Api, world: World, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api.as_(world.secretary).patch(
        f"/api/communities/{world.community_a.pk}",
        {"charter": "章" * 2000},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "The request is too large or malformed."}
