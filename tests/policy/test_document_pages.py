"""The policy documents' pages and API: public reading, issuing and reporting through the
forms, the board, evidence only for supervisors, and an outsider gets nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iecommons.policy.models import MeasureImplementation, PolicyDocument
from tests.policy.test_documents import MEASURES, PDF, issue_national

pytestmark = pytest.mark.django_db


def get(client, user, url, **extra):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **extra)


def post(client, user, url, data, **extra):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en", **extra)


def test_anyone_reads_the_documents_and_the_state_of_their_measures(client, world):
    document = issue_national(world)
    page = get(client, None, "/policy/documents/").content.decode()
    assert "关于深化现代职业教育体系建设改革的意见" in page
    assert "late 2" in page  # measure 1 is past its deadline in both provinces
    detail = get(client, None, f"/policy/documents/{document.pk}/").content.decode()
    assert "落实产教融合型企业教育费附加抵免政策" in detail
    assert "Add a measure" not in detail
    measure = document.measures.get(position=1)
    page = get(client, None, f"/policy/measures/{measure.pk}/").content.decode()
    assert "Report implementation" not in page


def test_a_supervisor_records_a_document_with_its_file_then_adds_a_measure(client, world):
    response = post(
        client,
        world.provincial_supervisor,
        "/policy/documents/new",
        {
            "title": "江苏省产教融合型企业建设培育实施方案",
            "issuer": "江苏省发展改革委、江苏省教育厅",
            "number": "苏发改社会发〔2025〕12号",
            "issued_on": "2025-03-01",
            "level": "provincial",
            "jurisdiction_code": "320000",
            "file": SimpleUploadedFile("方案.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = PolicyDocument.objects.get()
    assert get(client, None, f"/policy/documents/{document.pk}/file").status_code == 200
    url = f"/policy/documents/{document.pk}/"
    refused = post(
        client, world.provincial_supervisor, url, {**MEASURES[0], "deadline": "2020-01-01"}
    )
    assert refused.status_code == 422
    assert "before the document was issued" in refused.content.decode()
    assert post(client, world.provincial_supervisor, url, MEASURES[0]).status_code == 302
    assert document.measures.count() == 1
    assert post(client, world.guangdong_supervisor, url, MEASURES[1]).status_code == 403


def test_an_unknown_region_code_is_refused_on_its_field(client, world):
    response = post(
        client,
        world.supervisor,
        "/policy/documents/new",
        {
            "title": "方案",
            "issuer": "某厅",
            "issued_on": "2025-03-01",
            "level": "provincial",
            "jurisdiction_code": "999999",
            "full_text": "全文",
        },
    )
    assert response.status_code == 422
    assert "Unknown region code" in response.content.decode()


def test_a_province_reports_with_evidence_that_only_supervisors_download(client, world):
    measure = issue_national(world).measures.get(position=2)
    url = f"/policy/measures/{measure.pk}/"
    assert "Report implementation" in get(client, world.provincial_supervisor, url).content.decode()
    response = post(
        client,
        world.provincial_supervisor,
        url,
        {
            "jurisdiction": world.community_a.province.pk,
            "status": "in_progress",
            "note": "已印发操作指引",
            "evidence": SimpleUploadedFile("指引.pdf", PDF),
        },
    )
    assert response.status_code == 302
    implementation = MeasureImplementation.objects.get()
    evidence = f"/policy/implementations/{implementation.pk}/evidence"
    assert get(client, world.supervisor, evidence).status_code == 200
    assert get(client, world.provincial_supervisor, evidence).status_code == 200
    for outsider in (world.guangdong_supervisor, world.representative, world.outsider):
        assert get(client, outsider, evidence).status_code == 404
    assert get(client, None, evidence).status_code == 302  # to the sign-in page
    # Guangdong's supervisor may report only for Guangdong: Jiangsu is not a choice.
    refused = post(
        client,
        world.guangdong_supervisor,
        url,
        {"jurisdiction": world.community_a.province.pk, "status": "done", "note": "x"},
    )
    assert refused.status_code == 422
    assert MeasureImplementation.objects.count() == 1
    assert post(client, world.representative, url, {"note": "x"}).status_code == 403


def test_the_board_is_for_supervisors_and_filters_by_state(client, world):
    issue_national(world)
    page = get(client, world.provincial_supervisor, "/policy/board/").content.decode()
    assert "Implementation board" in page
    assert "Guangdong" not in page
    partial = get(
        client, world.supervisor, "/policy/board/?state=not_started", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial
    assert partial.count("<tr>") == 3  # the header and one row per province
    for outsider in (world.representative, world.outsider, world.stranger):
        assert get(client, outsider, "/policy/board/").status_code == 403
    assert get(client, None, "/policy/board/").status_code == 302
    assert get(client, world.representative, "/policy/documents/new").status_code == 403


def test_the_api_reads_publicly_and_writes_by_the_rules(client, world):
    document = issue_national(world)
    listing = get(client, None, "/api/policy/documents").json()
    assert listing["count"] == 1
    assert listing["results"][0]["tally"] == {"on_time": 0, "late": 2, "not_started": 2}
    detail = get(client, None, f"/api/policy/documents/{document.pk}").json()
    assert [m["position"] for m in detail["measures"]] == [1, 2]
    measure_id = detail["measures"][1]["id"]
    body = {"jurisdiction_code": "320000", "status": "in_progress", "note": "推进中"}
    url = f"/api/policy/measures/{measure_id}/implementations"
    client.force_login(world.guangdong_supervisor)
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(world.provincial_supervisor)
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["jurisdictions"][0]["status"] == "in_progress"
    refused = client.post(
        url,
        {**body, "status": "done", "completed_on": "2099-01-01"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "completed_on" in refused.json()["errors"]
    client.force_login(world.stranger)
    assert client.get("/api/policy/board").status_code == 403
    new = {
        "title": "意见",
        "issuer": "国务院办公厅",
        "issued_on": "2017-12-05",
        "level": "national",
        "full_text": "全文",
        "measures": MEASURES,
    }
    assert (
        client.post("/api/policy/documents", new, content_type="application/json").status_code
        == 403
    )
    client.force_login(world.supervisor)
    created = client.post("/api/policy/documents", new, content_type="application/json")
    assert created.status_code == 201
    assert len(created.json()["measures"]) == 2
    board = client.get("/api/policy/board?state=late").json()
    assert board["tally"]["late"] >= 2
    assert {row["state"] for row in board["rows"]} == {"late"}
    assert client.get("/api/policy/board?state=soon").status_code == 422


def test_a_measure_added_by_the_api_is_numbered_after_the_last(client, world):
    document = issue_national(world)
    client.force_login(world.supervisor)
    added = client.post(
        f"/api/policy/documents/{document.pk}/measures",
        {**MEASURES[0], "deadline": datetime.date(2027, 6, 30).isoformat()},
        content_type="application/json",
    )
    assert added.status_code == 201
    assert added.json()["position"] == 3


def test_the_documents_file_is_attached_by_the_api_by_its_supervisors_only(
    client, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = issue_national(world)
    url = f"/api/policy/documents/{document.pk}/file"

    def upload(user):
        client.logout()
        client.force_login(user)
        return client.post(url, {"file": SimpleUploadedFile("opinion.pdf", PDF, "application/pdf")})

    for outsider in (world.provincial_supervisor, world.representative, world.stranger):
        assert upload(outsider).status_code == 403
    document.refresh_from_db()
    assert not document.file
    answer = upload(world.supervisor)
    assert answer.status_code == 200
    assert answer.json()["has_file"] is True
    client.logout()
    downloaded = client.get(f"/policy/documents/{document.pk}/file")
    assert b"".join(downloaded.streaming_content) == PDF
    assert 'filename="opinion.pdf"' in downloaded["Content-Disposition"]
    client.force_login(world.supervisor)
    missing = client.post(url, {})
    assert missing.status_code == 422
    assert "file" in missing.json()["errors"]
