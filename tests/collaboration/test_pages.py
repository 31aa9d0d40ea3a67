"""Page behaviour beyond permissions: htmx partials, refusals shown on the form, query
counts that do not grow with the rows, downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iecommons.collaboration.models import Booking, Document
from tests.collaboration.conftest import make_resource

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_catalogue_answers_htmx_with_only_its_rows(client, collab):
    url = f"/collaboration/c/{collab.world.community_a.pk}/resources/?q=数控"
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert collab.resource.name in partial
    assert "<html" not in partial
    assert "<html" in client.get(url).content.decode()


def test_the_catalogue_filters_by_type(client, collab):
    make_resource(collab.owner, collab.world.community_a, name="五轴加工中心", type="equipment")
    page = client.get(
        f"/collaboration/c/{collab.world.community_a.pk}/resources/?type=equipment"
    ).content.decode()
    assert "五轴加工中心" in page
    assert collab.resource.name not in page


def test_catalogue_and_api_list_query_counts_do_not_grow_with_resources(client, collab):
    community = collab.world.community_a.pk
    page_url = f"/collaboration/c/{community}/resources/"
    api_url = f"/api/collaboration/communities/{community}/resources"
    before = (_queries(client, page_url), _queries(client, api_url))
    for number in range(10):
        make_resource(collab.owner, collab.world.community_a, name=f"工位{number}")
    assert (_queries(client, page_url), _queries(client, api_url)) == before


def test_a_refused_booking_is_shown_beside_its_field(client, collab):
    client.force_login(collab.world.representative)
    saturday = collab.at(5, 9)
    response = client.post(
        f"/collaboration/resources/{collab.resource.pk}/book/",
        {
            "organization": collab.world.member_a.pk,
            "start": saturday.strftime("%Y-%m-%dT%H:%M"),
            "end": saturday.replace(hour=11).strftime("%Y-%m-%dT%H:%M"),
            "quantity": 1,
            "purpose": "周末实训",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["start"]
    assert not Booking.objects.exists()


def test_a_forbidden_upload_is_refused_on_the_page(client, collab, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(collab.world.representative)
    response = client.post(
        f"/collaboration/c/{collab.world.community_a.pk}/documents/new/",
        {"title": "脚本", "file": SimpleUploadedFile("run.sh", b"#!/bin/sh")},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_a_member_downloads_a_version_under_its_original_name(client, collab, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(collab.world.representative)
    client.post(
        f"/collaboration/c/{collab.world.community_a.pk}/documents/new/",
        {"title": "名单", "file": SimpleUploadedFile("名单.csv", "名称,人数\n甲,3\n".encode())},
    )
    version = Document.objects.get().versions.get()
    response = client.get(f"/collaboration/documents/versions/{version.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "名称,人数\n甲,3\n"
    assert "attachment" in response["Content-Disposition"]
