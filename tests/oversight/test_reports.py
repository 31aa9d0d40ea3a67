"""Annual quality reports: the PDF carries the community's name, its grade and the run's hash
in Chinese (read back with a PDF text extractor); a year without data says which sections
are empty; the workflow from draft to public, with outsiders refused; the narrative cleaned
or refused."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from iecommons.assessment.labels import grade_label
from iecommons.assessment.models import Result
from iecommons.assessment.services import run_execution
from iecommons.assessment.services import runs as run_services
from iecommons.common.models import AuditEntry, Notification
from iecommons.oversight.models import AnnualReport
from iecommons.oversight.reports import services
from iecommons.oversight.reports.figures import report_figures
from iecommons.oversight.reports.render import report_pdf
from tests.assessment.runs_world import assessment_world
from tests.fixtures import World


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def published(world: World):
    assessed = assessment_world(world)
    started = run_services.evaluation_run_start(
        actor=world.supervisor, cycle=assessed.cycle, enqueue=False
    )
    run = run_execution.evaluation_run_execute(run_id=started.pk)
    run_services.evaluation_run_publish(actor=world.supervisor, run=run)
    return run


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_chinese_pdf_names_the_community_its_grade_and_the_run_hash(world, published):
    year = published.cycle.year
    result = Result.objects.get(run=published, community=world.community_a)
    figures = report_figures(world.community_a.pk, year)
    text = pdf_text(report_pdf(figures, {}, language="zh-hans", status="draft"))
    assert "甲共同体" in text
    assert "年度质量报告" in text
    with translation.override("zh-hans"):
        assert grade_label(result.grade) in text
    assert published.input_sha256 in squeezed(text)
    assert "数据来源" in text  # the data-sources page


def test_the_english_pdf_is_drawn_on_request(world, published):
    figures = report_figures(world.community_a.pk, published.cycle.year)
    text = pdf_text(report_pdf(figures, {}, language="en", status="draft"))
    assert "Community A" in text
    assert "Annual quality report" in text
    assert "Data sources" in text


def test_a_year_without_data_says_which_sections_are_empty(world):
    figures = report_figures(world.community_b.pk, 2001)
    assert "evaluation" in figures["empty_sections"]
    assert "joint_rd" in figures["empty_sections"]
    text = pdf_text(report_pdf(figures, {}, language="zh-hans", status="draft"))
    assert "本年度平台记录中没有数据的部分" in text
    assert "联合研发" in text
    assert "本年度未公布对该共同体的评价结果" in text


def png(width: int, height: int) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_the_narrative_loses_its_scripts_and_keeps_embedded_images(world):
    report = services.annual_report_start(
        actor=world.secretary, community=world.community_a, year=2025
    )
    notes = services.annual_report_narrative_save(
        actor=world.secretary,
        report=report,
        sections={
            "summary": '<p onclick="x()">本年度<script>alert(1)</script>成效显著</p>'
            f'<img src="{png(20, 10)}" alt="图"><img src="https://example.com/a.png">',
        },
    )
    report.refresh_from_db()
    stored = report.narrative["summary"]
    assert "script" not in stored
    assert "onclick" not in stored
    assert "alert" not in stored
    assert "本年度成效显著" in stored
    assert stored.count("<img") == 1
    assert "data:image/png" in stored
    assert len(notes) == 2  # active content removed; an image at an address removed
    text = pdf_text(
        report_pdf(report.figures, report.narrative, language="zh-hans", status="draft")
    )
    assert "本年度成效显著" in text


def test_an_oversized_image_is_refused_naming_the_section_and_nothing_is_stored(world, settings):
    settings.REPORT_IMAGE_MAX_PIXELS = 100
    report = services.annual_report_start(
        actor=world.secretary, community=world.community_a, year=2025
    )
    client = signed_in(world.secretary)
    with translation.override("en"):
        response = client.post(
            reverse("reports:report_narrative", args=[world.community_a.pk, 2025]),
            {"summary": "<p>好</p>", "joint_rd": f'<img src="{png(300, 20)}">'},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 422
    assert "image 1 is 300 × 20 pixels" in response.content.decode()
    report.refresh_from_db()
    assert report.narrative == {}


def test_draft_submit_accept_then_public(world, published, django_capture_on_commit_callbacks):
    year = published.cycle.year
    community = world.community_a
    secretary = signed_in(world.secretary)
    anonymous = Client()
    detail = reverse("reports:report_detail", args=[community.pk, year])
    download = reverse("reports:report_download", args=[community.pk, year])

    response = secretary.post(reverse("reports:report_start", args=[community.pk]), {"year": year})
    assert response.status_code == 302
    report = AnnualReport.objects.get(community=community, year=year)
    assert report.status == "draft"
    assert anonymous.get(detail).status_code == 404
    assert anonymous.get(download).status_code == 404
    for outsider in (
        world.outsider,
        world.representative,
        world.guangdong_supervisor,
        world.stranger,
    ):
        assert signed_in(outsider).get(detail).status_code == 404, outsider.username
    assert signed_in(world.provincial_supervisor).get(detail).status_code == 200

    # Only the secretariat submits; only a supervisor of the community accepts.
    assert signed_in(world.outsider).post(detail + "submit").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert secretary.post(detail + "submit").status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert secretary.post(detail + "accept").status_code == 403
    assert signed_in(world.guangdong_supervisor).post(detail + "accept").status_code == 404
    assert signed_in(world.provincial_supervisor).post(detail + "accept").status_code == 302
    report.refresh_from_db()
    assert report.status == "accepted"
    assert {"annual_report.start", "annual_report.submit", "annual_report.accept"} <= set(
        AuditEntry.objects.values_list("operation", flat=True)
    )

    assert anonymous.get(detail).status_code == 200
    response = anonymous.get(download)
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "甲共同体" in text
    assert published.input_sha256 in squeezed(text)
    assert "甲共同体" in anonymous.get(reverse("reports:report_index")).content.decode()
    english = anonymous.get(download + "?lang=en")
    assert english.status_code == 200
    assert "Community A" in pdf_text(english.content)


def test_the_chinese_pdf_is_drawn_at_the_first_download_kept_and_redrawn_after_acceptance(
    world, django_capture_on_commit_callbacks
):
    report = services.annual_report_start(
        actor=world.secretary, community=world.community_a, year=2025
    )
    report = services.annual_report_submit(actor=world.secretary, report=report)
    assert not report.pdf_zh  # submitting draws nothing
    download = reverse("reports:report_download", args=[world.community_a.pk, 2025])
    supervisor = signed_in(world.supervisor)

    first = b"".join(supervisor.get(download).streaming_content)
    report.refresh_from_db()
    stored = Path(report.pdf_zh.path)
    assert stored.read_bytes() == first
    assert "尚未经主管部门验收" in squeezed(pdf_text(first))  # the submitted cover
    assert b"".join(supervisor.get(download).streaming_content) == first  # the stored one

    with django_capture_on_commit_callbacks(execute=True):
        services.annual_report_accept(actor=world.supervisor, report=report)
    assert not stored.exists()  # its cover said "not yet accepted"
    accepted = b"".join(Client().get(download).streaming_content)
    assert "尚未经主管部门验收" not in squeezed(pdf_text(accepted))
    assert "甲共同体" in pdf_text(accepted)


def test_a_returned_report_is_a_draft_again_with_the_reason(world):
    report = services.annual_report_start(
        actor=world.secretary, community=world.community_a, year=2025
    )
    services.annual_report_submit(actor=world.secretary, report=report)
    client = signed_in(world.supervisor)
    url = reverse("reports:report_return", args=[world.community_a.pk, 2025])
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "请补充联合研发成果"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.returned_reason) == ("draft", "请补充联合研发成果")
    told = Notification.objects.filter(recipient=world.secretary).values_list("subject", flat=True)
    assert any("请补充联合研发成果" in subject for subject in told)


def test_a_year_out_of_range_is_refused_naming_the_field(world):
    client = signed_in(world.secretary)
    response = client.post(
        reverse("reports:report_start", args=[world.community_a.pk]), {"year": 2999}
    )
    assert response.status_code == 422
    assert not AnnualReport.objects.exists()


def test_the_api_lists_accepted_reports_and_hides_drafts_from_outsiders(world):
    draft = services.annual_report_start(
        actor=world.secretary, community=world.community_a, year=2025
    )
    AnnualReport.objects.create(
        community=world.community_b, year=2025, status="accepted", figures=draft.figures
    )
    anonymous = Client()
    listed = anonymous.get("/api/reports").json()
    assert [row["community_id"] for row in listed["results"]] == [world.community_b.pk]
    url = f"/api/reports/{world.community_a.pk}/2025"
    assert anonymous.get(url).status_code == 404
    assert signed_in(world.outsider).get(url).status_code == 404
    detail = signed_in(world.provincial_supervisor).get(url)
    assert detail.status_code == 200
    assert detail.json()["status"] == "draft"
    assert "evaluation" in detail.json()["empty_sections"]
    assert anonymous.get(f"/api/reports/{world.community_b.pk}/2025").status_code == 200
