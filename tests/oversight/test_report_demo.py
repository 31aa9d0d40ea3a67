"""The demo's annual reports: an accepted, public one for the national community, a submitted
one awaiting the Jiangsu supervisor, a draft; narrative in Chinese and English; no PDF drawn
while seeding (the first download draws it)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from iecommons.oversight.models import AnnualReport
from iecommons.oversight.reports.demo import seed_reports
from iecommons.registry.models import Community
from tests.factories import CommunityFactory
from tests.fixtures import World
from tests.oversight.test_reports import pdf_text, signed_in, squeezed


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seeded(world: World) -> Community:
    world.community_a.level = Community.Level.NATIONAL
    world.community_a.save(update_fields=["level"])
    regional = CommunityFactory(name="常州市产教联合体", region=world.community_a.region)
    counts = seed_reports(
        secretariat=world.secretary,
        operator=world.operator,
        supervisor=world.supervisor,
        today=datetime.date(2026, 12, 1),
    )
    assert counts == {"accepted": 1, "submitted": 1, "draft": 1}
    return regional


def test_the_demo_reports_are_in_each_state_and_none_has_a_pdf_yet(world, seeded):
    states = {
        (report.community_id, report.year): report.status for report in AnnualReport.objects.all()
    }
    assert states == {
        (world.community_a.pk, 2025): "accepted",
        (world.community_a.pk, 2026): "draft",
        (seeded.pk, 2025): "submitted",
    }
    assert not any(report.pdf_zh for report in AnnualReport.objects.all())


def test_the_accepted_report_is_public_with_its_narrative_in_both_languages(world, seeded):
    anonymous = Client()
    assert world.community_a.name in anonymous.get(reverse("reports:report_index")).content.decode()
    download = reverse("reports:report_download", args=[world.community_a.pk, 2025])
    text = squeezed(pdf_text(b"".join(anonymous.get(download).streaming_content)))
    assert "完善理事会议事规则" in text
    assert "revisedthecouncil'srulesofprocedure" in text
    # The draft and the submitted report stay with their secretariat and supervisors.
    for year, community in ((2026, world.community_a), (2025, seeded)):
        detail = reverse("reports:report_detail", args=[community.pk, year])
        assert anonymous.get(detail).status_code == 404


def test_the_jiangsu_supervisor_can_accept_the_submitted_one(world, seeded):
    accept = reverse("reports:report_accept", args=[seeded.pk, 2025])
    assert signed_in(world.guangdong_supervisor).post(accept).status_code == 404
    assert signed_in(world.provincial_supervisor).post(accept).status_code == 302
    assert AnnualReport.objects.get(community=seeded).status == "accepted"
