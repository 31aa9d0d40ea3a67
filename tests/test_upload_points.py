"""Every upload point, page and API, refuses a disguised file and writes nothing.

The disguises are the ones that matter: an executable (ELF, Windows MZ) named like a PDF
or a spreadsheet, an HTML page or an SVG image named like a PNG or a CSV. Each point is
listed in :data:`UPLOAD_POINTS`; a test checks every upload policy has at least one point,
so a new policy (a new app's uploads) cannot go untested.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from iecommons.accounts.models import Role
from iecommons.assessment.models import (
    AssessmentCycle,
    Evidence,
    Indicator,
    IndicatorValue,
    RectificationTask,
)
from iecommons.assessment.services.cycles import cycle_open
from iecommons.assessment.services.frameworks import default_framework_load
from iecommons.collaboration.models import Document, DocumentVersion
from iecommons.common import uploads
from iecommons.common.models import AuditEntry
from iecommons.policy.models import (
    ApplicationDocument,
    Certification,
    CertificationDocument,
    MeasureImplementation,
    PolicyDocument,
)
from iecommons.projects.models import (
    Commitment,
    CommitmentFulfilment,
    Contribution,
    Outcome,
    Participant,
    Project,
)
from iecommons.registry.models import Membership, Organization
from iecommons.talent.models import Cohort, Student, TalentNeed, TripartiteAgreement
from tests.factories import MembershipFactory, OrganizationFactory, grant
from tests.fixtures import World

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@dataclass(frozen=True)
class Disguise:
    label: str
    content: bytes
    binary: bool  # named like the point's document type, else like its image/text type
    found: str  # what the refusal says the file is


DISGUISES = [
    Disguise("ELF executable", ELF, True, "Linux executable"),
    Disguise("Windows executable", MZ, True, "Windows executable"),
    Disguise("HTML page", HTML, False, "HTML page"),
    Disguise("SVG image", SVG, False, "SVG image"),
]


Posting = Callable[[SimpleUploadedFile], Any]


@dataclass(frozen=True)
class UploadPoint:
    """One place a file can be uploaded: how to post one, and what it would write."""

    name: str
    policy: uploads.UploadPolicy
    document_name: str  # the name an executable is disguised under
    picture_name: str  # the name markup is disguised under
    prepare: Callable[[Client, World], Posting]  # sets the scene; returns how to post
    written: tuple[QuerySet[Any], ...]  # the rows a refused upload must not add to


def _project(world: World) -> Project:
    project = Project.objects.create(
        community=world.community_a,
        title="联合研发项目",
        type=Project.Type.JOINT_RD,
        start=datetime.date(2025, 1, 1),
        budget=1_000_000,
    )
    Participant.objects.create(
        project=project, organization=world.member_a, role=Participant.Role.LEAD
    )
    return project


def _contribution_page(client: Client, world: World) -> Posting:
    project = _project(world)
    client.force_login(world.secretary)
    url = reverse("projects:contribution_add", args=[project.pk])
    participant = project.participants.get().pk
    return lambda upload: client.post(
        url,
        {
            "participant": participant,
            "kind": "cash",
            "value": "100",
            "date": "2025-02-01",
            "evidence": upload,
        },
    )


def _outcome_page(client: Client, world: World) -> Posting:
    project = _project(world)
    client.force_login(world.secretary)
    url = reverse("projects:outcome_add", args=[project.pk])
    return lambda upload: client.post(
        url,
        {
            "kind": "patent",
            "title": "专利",
            "quantity": "1",
            "date": "2025-02-01",
            "evidence": upload,
        },
    )


def _fulfilment_page(client: Client, world: World) -> Posting:
    commitment = Commitment.objects.create(
        membership=world.membership_a,
        description="实习岗位",
        quantity=20,
        unit="个",
        start=datetime.date(2025, 1, 1),
    )
    client.force_login(world.secretary)
    url = reverse("projects:fulfilment_record", args=[commitment.pk])
    return lambda upload: client.post(url, {"year": "2025", "quantity": "15", "evidence": upload})


def _document_page(client: Client, world: World) -> Posting:
    client.force_login(world.representative)
    url = reverse("collaboration:document_create", args=[world.community_a.pk])
    return lambda upload: client.post(url, {"title": "章程", "file": upload})


def _version_page(client: Client, world: World) -> Posting:
    document = Document.objects.create(
        community=world.community_a, title="章程", created_by=world.representative
    )
    client.force_login(world.representative)
    url = reverse("collaboration:document_detail", args=[document.pk])
    return lambda upload: client.post(url, {"file": upload})


def _import_page(client: Client, world: World) -> Posting:
    client.force_login(world.secretary)
    url = reverse("registry:member_import", kwargs={"pk": world.community_a.pk})
    return lambda upload: client.post(url, {"file": upload})


def _import_api(client: Client, world: World) -> Posting:
    client.force_login(world.secretary)
    url = f"/api/communities/{world.community_a.pk}/import"
    return lambda upload: client.post(url, {"file": upload})


def _cycle(world: World) -> AssessmentCycle:
    return cycle_open(
        actor=world.supervisor,
        name="2025 年度评价",
        year=2025,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        framework=default_framework_load(),
        communities=[world.community_a, world.community_b],
        submission_deadline=datetime.date(2026, 2, 28),
        verification_deadline=datetime.date(2026, 3, 31),
        judgment_deadline=datetime.date(2026, 3, 31),
    )


def _value_page(client: Client, world: World) -> Posting:
    cycle = _cycle(world)
    rate = Indicator.objects.get(framework=cycle.framework, code="D3.2")
    client.force_login(world.secretary)
    url = reverse(
        "assessment:value_submit",
        kwargs={"pk": cycle.pk, "community_pk": world.community_a.pk, "indicator_pk": rate.pk},
    )
    return lambda upload: client.post(url, {"value": "80", "evidence": upload})


def _value_api(client: Client, world: World) -> Posting:
    cycle = _cycle(world)
    client.force_login(world.secretary)
    url = f"/api/assessment/cycles/{cycle.pk}/communities/{world.community_a.pk}/values"
    return lambda upload: client.post(url, {"indicator": "D3.2", "value": "80", "evidence": upload})


def _rectification_page(client: Client, world: World) -> Posting:
    cycle = _cycle(world)
    task = RectificationTask.objects.create(
        community=world.community_a,
        cycle=cycle,
        indicator=Indicator.objects.get(framework=cycle.framework, code="D3.2"),
        description="提高对口就业率",
        deadline=datetime.date(2026, 6, 30),
    )
    client.force_login(world.secretary)
    url = reverse("assessment:rectification_complete", args=[task.pk])
    return lambda upload: client.post(url, {"evidence": upload, "note": "已整改"})


def _agreement_page(client: Client, world: World) -> Posting:
    college = OrganizationFactory(type=Organization.Type.HIGHER_VOCATIONAL)
    enterprise = OrganizationFactory(type=Organization.Type.ENTERPRISE)
    for organization in (college, enterprise):
        MembershipFactory(community=world.community_a, organization=organization)
    grant(world.outsider, Role.MEMBER, organization=college)
    cohort = Cohort.objects.create(
        community=world.community_a,
        kind=Cohort.Kind.ORDER_CLASS,
        title="订单班",
        enterprise=enterprise,
        college=college,
        major_code="460305",
        intake_year=2023,
        size=10,
    )
    student = Student.objects.create(
        college=college,
        name="王小明",
        student_number="20230001",
        major_code="460305",
        year=2023,
        birth_date=datetime.date(2005, 3, 1),
    )
    client.force_login(world.outsider)
    url = reverse("talent:agreement_add", args=[cohort.pk])
    return lambda upload: client.post(
        url,
        {
            "agreement-student": student.pk,
            "agreement-signed_on": "2023-09-01",
            "agreement-document": upload,
        },
    )


def _policy_document_page(client: Client, world: World) -> Posting:
    client.force_login(world.supervisor)
    url = reverse("policy:document_create")
    return lambda upload: client.post(
        url,
        {
            "title": "关于深化产教融合的若干意见",
            "issuer": "国务院办公厅",
            "issued_on": "2017-12-05",
            "level": "national",
            "file": upload,
        },
    )


def _implementation_page(client: Client, world: World) -> Posting:
    from iecommons.policy.services.documents import document_issue

    document = document_issue(
        actor=world.supervisor,
        title="意见",
        issuer="国务院办公厅",
        issued_on=datetime.date(2017, 12, 5),
        level="national",
        jurisdiction=None,
        full_text="全文",
        measures=[
            {
                "text": "措施",
                "responsible_body": "教育厅",
                "target": "目标",
                "deadline": "2027-12-31",
                "indicator": "指标",
            }
        ],
    )
    measure = document.measures.get()
    client.force_login(world.provincial_supervisor)
    url = reverse("policy:measure_detail", args=[measure.pk])
    return lambda upload: client.post(
        url,
        {
            "jurisdiction": world.community_a.province_id,
            "status": "in_progress",
            "note": "推进中",
            "evidence": upload,
        },
    )


def _list_import_page(client: Client, world: World) -> Posting:
    client.force_login(world.representative)
    url = reverse("talent:list_import_upload", args=[world.community_a.pk])
    return lambda upload: client.post(url, {"import-kind": "talent", "import-file": upload})


def _application_document_page(client: Client, world: World) -> Posting:
    from iecommons.policy.services.programmes import application_submit
    from tests.policy.conftest import TODAY, certify, open_programme

    certify(world.member_a, world.community_a.province)
    programme = open_programme(world.provincial_supervisor, world.community_a.province)
    application = application_submit(
        actor=world.representative,
        programme=programme,
        organization=world.member_a,
        community=world.community_a,
        amount_requested="1000.00",
        purpose="共建实训基地",
        today=TODAY,
    )
    client.force_login(world.representative)
    url = reverse("policy:application_document_add", args=[application.pk])
    return lambda upload: client.post(url, {"title": "预算", "file": upload})


def _certification_apply_page(client: Client, world: World) -> Posting:
    from tests.policy.certification_scene import jiangsu_criteria

    jiangsu_criteria(world)
    client.force_login(world.representative)
    url = reverse("policy:certification_apply", args=[world.member_a.pk])
    return lambda upload: client.post(url, {"evidence_1": "累计投入", "file_2": upload})


def _certification_path(world: World) -> Certification:
    from tests.policy.certification_scene import apply, jiangsu_criteria

    jiangsu_criteria(world)
    return apply(world)


def _certification_document_page(client: Client, world: World) -> Posting:
    certification = _certification_path(world)
    client.force_login(world.representative)
    url = reverse("policy:certification_document_add", args=[certification.pk])
    return lambda upload: client.post(url, {"criterion": "2", "file": upload})


def _certification_document_api(client: Client, world: World) -> Posting:
    certification = _certification_path(world)
    client.force_login(world.representative)
    url = f"/api/policy/certifications/{certification.pk}/documents"
    return lambda upload: client.post(url, {"criterion": "2", "file": upload})


def _list_import_api(client: Client, world: World) -> Posting:
    client.force_login(world.representative)
    url = f"/api/talent/communities/{world.community_a.pk}/lists/talent/import"
    return lambda upload: client.post(url, {"file": upload})


UPLOAD_POINTS = [
    UploadPoint(
        "indicator value page",
        uploads.EVIDENCE,
        "minutes.pdf",
        "photo.png",
        _value_page,
        (Evidence.objects.all(), IndicatorValue.objects.all()),
    ),
    UploadPoint(
        "indicator value API",
        uploads.EVIDENCE,
        "minutes.pdf",
        "photo.png",
        _value_api,
        (Evidence.objects.all(), IndicatorValue.objects.all()),
    ),
    UploadPoint(
        "rectification page",
        uploads.RECTIFICATION_EVIDENCE,
        "report.pdf",
        "photo.png",
        _rectification_page,
        (RectificationTask.objects.filter(status=RectificationTask.Status.DONE),),
    ),
    UploadPoint(
        "contribution page",
        uploads.EVIDENCE,
        "invoice.pdf",
        "photo.png",
        _contribution_page,
        (Contribution.objects.all(),),
    ),
    UploadPoint(
        "outcome page",
        uploads.EVIDENCE,
        "patent.pdf",
        "photo.png",
        _outcome_page,
        (Outcome.objects.all(),),
    ),
    UploadPoint(
        "fulfilment page",
        uploads.EVIDENCE,
        "list.pdf",
        "photo.png",
        _fulfilment_page,
        (CommitmentFulfilment.objects.all(),),
    ),
    UploadPoint(
        "document page",
        uploads.DOCUMENTS,
        "charter.pdf",
        "logo.png",
        _document_page,
        (Document.objects.all(), DocumentVersion.objects.all()),
    ),
    UploadPoint(
        "document version page",
        uploads.DOCUMENTS,
        "charter.pdf",
        "logo.png",
        _version_page,
        (DocumentVersion.objects.all(),),
    ),
    UploadPoint(
        "member import page",
        uploads.MEMBER_IMPORT,
        "members.xlsx",
        "members.csv",
        _import_page,
        (Organization.objects.all(), Membership.objects.all()),
    ),
    UploadPoint(
        "member import API",
        uploads.MEMBER_IMPORT,
        "members.xlsx",
        "members.csv",
        _import_api,
        (Organization.objects.all(), Membership.objects.all()),
    ),
    UploadPoint(
        "talent list import page",
        uploads.MEMBER_IMPORT,
        "needs.xlsx",
        "needs.csv",
        _list_import_page,
        (TalentNeed.objects.all(),),
    ),
    UploadPoint(
        "talent list import API",
        uploads.MEMBER_IMPORT,
        "needs.xlsx",
        "needs.csv",
        _list_import_api,
        (TalentNeed.objects.all(),),
    ),
    UploadPoint(
        "tripartite agreement page",
        uploads.DOCUMENTS,
        "agreement.pdf",
        "scan.png",
        _agreement_page,
        (TripartiteAgreement.objects.all(),),
    ),
    UploadPoint(
        "policy document page",
        uploads.DOCUMENTS,
        "opinion.pdf",
        "scan.png",
        _policy_document_page,
        (PolicyDocument.objects.all(),),
    ),
    UploadPoint(
        "measure implementation page",
        uploads.EVIDENCE,
        "report.pdf",
        "photo.png",
        _implementation_page,
        (MeasureImplementation.objects.all(),),
    ),
    UploadPoint(
        "application document page",
        uploads.EVIDENCE,
        "budget.pdf",
        "scan.png",
        _application_document_page,
        (ApplicationDocument.objects.all(),),
    ),
    UploadPoint(
        "certification application page",
        uploads.EVIDENCE,
        "agreement.pdf",
        "photo.png",
        _certification_apply_page,
        (Certification.objects.all(), CertificationDocument.objects.all()),
    ),
    UploadPoint(
        "certification document page",
        uploads.EVIDENCE,
        "agreement.pdf",
        "photo.png",
        _certification_document_page,
        (CertificationDocument.objects.all(),),
    ),
    UploadPoint(
        "certification document API",
        uploads.EVIDENCE,
        "agreement.pdf",
        "photo.png",
        _certification_document_api,
        (CertificationDocument.objects.all(),),
    ),
]


def _counts(point: UploadPoint) -> list[int]:
    return [rows.count() for rows in point.written] + [AuditEntry.objects.count()]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("disguise", DISGUISES, ids=lambda d: d.label)
@pytest.mark.parametrize("point", UPLOAD_POINTS, ids=lambda p: p.name)
def test_a_disguised_file_is_refused_at_every_upload_point(
    world: World, point: UploadPoint, disguise: Disguise, tmp_path: Any
) -> None:
    name = point.document_name if disguise.binary else point.picture_name
    # The client claims a harmless type; the check must not believe it.
    claimed = {"pdf": "application/pdf", "png": "image/png"}.get(name[-3:], "text/csv")
    post = point.prepare(Client(HTTP_ACCEPT_LANGUAGE="en"), world)
    before = _counts(point)
    response = post(SimpleUploadedFile(name, disguise.content, content_type=claimed))
    assert _counts(point) == before, f"the {point.name} wrote something for a {disguise.label}"
    text = _refusal_text(response)
    assert name in text
    assert disguise.found in text
    assert point.policy.type_labels() in text
    assert not [path for path in tmp_path.rglob("*") if path.is_file()], "a file was stored"


def _refusal_text(response: Any) -> str:
    if response["Content-Type"].startswith("application/json"):
        assert response.status_code == 422
        errors = response.json()["errors"]
        return " ".join(message for messages in errors.values() for message in messages)
    if response.status_code == 302:
        client_messages = response.wsgi_request._messages
        return " ".join(str(message) for message in client_messages)
    assert response.status_code in (200, 422)
    return response.content.decode()


def test_every_upload_policy_has_an_upload_point() -> None:
    tested = {point.policy.name for point in UPLOAD_POINTS}
    assert set(uploads.POLICIES) - tested == set()
