"""The certification path by its services, checked by hand: criteria versions, applying
with evidence per criterion, certifying, the periodic confirmation, withdrawal, and every
bad input refused naming its field with nothing written."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from iecommons.common.models import AuditEntry
from iecommons.desk.digest import digest_lines
from iecommons.policy.evidence_pack import evidence_pack_zip
from iecommons.policy.models import (
    Certification,
    CertificationCriteria,
    CertificationDocument,
    CertificationEvent,
)
from iecommons.policy.selectors import certification as selectors
from iecommons.policy.services import certification as services
from iecommons.registry.models import Organization
from tests.factories import MembershipFactory, OrganizationFactory, shenzhen
from tests.policy.certification_scene import (
    EVIDENCE,
    ITEMS,
    TODAY,
    apply,
    jiangsu_criteria,
    pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _refused(call: Any, field: str) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    return " ".join(caught.value.message_dict[field])


def test_a_new_version_of_the_criteria_keeps_the_earlier_one(world):
    first = jiangsu_criteria(world)
    second = jiangsu_criteria(
        world, items=[*ITEMS, {"code": "4", "text": "参与教师企业实践"}], confirmation_years=2
    )
    assert (first.version, second.version) == (1, 2)
    assert second.confirmation_years == 2
    assert [c.version for c in selectors.criteria_versions(world.community_a.province)] == [2, 1]
    assert services.latest_criteria(world.community_a.province) == second


@pytest.mark.parametrize(
    ("items", "years", "field", "words"),
    [
        ([], 3, "items", "at least one"),
        ([{"code": "", "text": "投入"}], 3, "items", "needs a code"),
        ([{"code": "1", "text": " "}], 3, "items", "needs a text"),
        ([{"code": "1", "text": "投入"}, {"code": "1", "text": "合作"}], 3, "items", "twice"),
        ([{"code": "x" * 21, "text": "投入"}], 3, "items", "at most 20"),
        ("1,2,3", 3, "items", "at least one"),
        (ITEMS, 0, "confirmation_years", "1 to 10"),
        (ITEMS, "3.5", "confirmation_years", "1 to 10"),
    ],
)
def test_bad_criteria_are_refused_naming_the_field(world, items, years, field, words):
    message = _refused(
        lambda: jiangsu_criteria(world, items=items, confirmation_years=years), field
    )
    assert words in message
    assert not CertificationCriteria.objects.exists()


def test_criteria_are_set_per_province_by_its_own_supervisors(world):
    with pytest.raises(PermissionDenied):
        services.criteria_publish(
            actor=world.guangdong_supervisor, province=world.community_a.province, items=ITEMS
        )
    city = world.community_a.region
    _refused(
        lambda: services.criteria_publish(actor=world.supervisor, province=city, items=ITEMS),
        "province",
    )


def test_the_representative_applies_with_text_and_a_document(world):
    jiangsu_criteria(world)
    certification = apply(
        world,
        evidence={"1": "  累计投入 1,260 万元  ", "2": ""},
        documents=[("3", pdf("实习台账.pdf"))],
    )
    assert certification.status == Certification.Status.POOL
    assert certification.province == world.community_a.province
    assert certification.pool_entered == TODAY
    assert certification.applied_by == world.representative
    assert certification.evidence == {"1": "累计投入 1,260 万元"}  # trimmed, empty dropped
    document = certification.documents.get()
    assert (document.criterion, document.title, document.content_type) == (
        "3",
        "实习台账.pdf",
        "application/pdf",
    )
    assert services.missing_evidence(certification) == ["2"]
    assert list(certification.events.values_list("kind", flat=True)) == ["entered"]


@pytest.mark.parametrize(
    ("scene", "field", "words"),
    [
        ("unknown code", "evidence", "Unknown criterion code: 9"),
        ("not an enterprise", "organization", "Only enterprises"),
        ("no criteria", "province", "has not published its criteria"),
        ("second path", "organization", "already on the certification path"),
        ("not a member", "organization", "member of a community"),
        ("bad file", "file", "expected PDF"),
        ("unknown file code", "criterion", "Unknown criterion code: 9"),
    ],
)
def test_an_application_is_refused_naming_the_field_and_writes_nothing(
    world, scene, field, words, tmp_path
):
    evidence: dict[str, str] = dict(EVIDENCE)
    documents: list[tuple[str, Any]] = []
    if scene != "no criteria":
        jiangsu_criteria(world)
    if scene == "unknown code":
        evidence["9"] = "多余"
    elif scene == "not an enterprise":
        Organization.objects.filter(pk=world.member_a.pk).update(
            type=Organization.Type.HIGHER_VOCATIONAL
        )
        world.member_a.refresh_from_db()
    elif scene == "second path":
        apply(world)
    elif scene == "not a member":
        world.membership_a.left = TODAY
        world.membership_a.save(update_fields=["left"])
    elif scene == "bad file":
        documents = [("1", pdf("好.pdf")), ("2", SimpleUploadedFile("坏.pdf", b"MZ\x90\x00" * 16))]
    elif scene == "unknown file code":
        documents = [("9", pdf())]
    paths, audits = Certification.objects.count(), AuditEntry.objects.count()
    message = _refused(lambda: apply(world, evidence=evidence, documents=documents), field)
    assert words in message
    assert Certification.objects.count() == paths
    assert AuditEntry.objects.count() == audits
    assert not CertificationDocument.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()], "a file was stored"


@pytest.mark.parametrize("ending", ["rejected", "withdrawn"])
def test_an_ended_path_reopens_when_the_enterprise_applies_again(world, ending):
    jiangsu_criteria(world)
    certification = apply(world, documents=[("3", pdf("实习台账.pdf"))])
    # Rejected from the pool, or certified and then withdrawn.
    services.certification_decide(
        actor=world.provincial_supervisor,
        certification=certification,
        certify=ending == "withdrawn",
        reason="投入不足" if ending == "rejected" else "符合",
        today=TODAY,
    )
    if ending == "withdrawn":
        services.certification_withdraw(
            actor=world.provincial_supervisor, certification=certification, reason="移出"
        )
    newer = jiangsu_criteria(world, items=[*ITEMS, {"code": "4", "text": "设立专门机构"}])
    later = TODAY + datetime.timedelta(days=200)
    again = apply(world, evidence={"1": "累计投入 2,000 万元"}, today=later)
    assert again.pk == certification.pk
    again.refresh_from_db()
    assert again.status == Certification.Status.POOL
    assert again.criteria == newer  # the criteria in force when it applies again
    assert again.pool_entered == later
    assert again.evidence == {"1": "累计投入 2,000 万元"}
    assert (again.certified_on, again.confirmation_due, again.decided_on) == (None, None, None)
    assert again.decision_reason == ""
    kinds = list(again.events.values_list("kind", flat=True))
    assert kinds[0] == "entered"
    assert kinds[-1] == "entered"
    assert ending in kinds
    assert again.documents.get().title == "实习台账.pdf"  # what it gave before stays
    # Open again, a second application is refused as before.
    message = _refused(lambda: apply(world, today=later), "organization")
    assert "already on the certification path" in message


def test_a_supervisor_admits_an_enterprise_of_its_province_only(world):
    jiangsu_criteria(world)
    with pytest.raises(PermissionDenied):
        services.certification_pool_enter(
            actor=world.guangdong_supervisor, organization=world.member_a
        )
    with pytest.raises(PermissionDenied):
        services.certification_pool_enter(actor=world.stranger, organization=world.member_a)
    admitted = services.certification_pool_enter(
        actor=world.provincial_supervisor, organization=world.member_a, today=TODAY
    )
    assert admitted.applied_by is None


def test_certifying_needs_every_criterion_answered_and_sets_the_next_confirmation(world):
    jiangsu_criteria(world)
    certification = apply(world, evidence={"1": "投入", "2": "共建"})
    message = _refused(
        lambda: services.certification_decide(
            actor=world.provincial_supervisor,
            certification=certification,
            certify=True,
            reason="符合条件",
            today=TODAY,
        ),
        "evidence",
    )
    assert "missing for: 3" in message
    certification.refresh_from_db()
    assert certification.status == Certification.Status.POOL
    # A document answers the criterion as well as text does.
    services.certification_document_add(
        actor=world.representative, certification=certification, criterion="3", file=pdf()
    )
    certified = services.certification_decide(
        actor=world.provincial_supervisor,
        certification=certification,
        certify=True,
        reason="经材料审核，符合认定条件。",
        today=TODAY,
    )
    assert certified.status == Certification.Status.CERTIFIED
    assert certified.certified_on == TODAY
    assert certified.confirmation_due == datetime.date(2029, 3, 1)  # three years on
    assert certified.decision_reason == "经材料审核，符合认定条件。"
    assert certified.decided_by == world.provincial_supervisor
    assert list(selectors.certified_enterprises()) == [certified]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_decision_without_a_reason_is_refused(world, reason):
    jiangsu_criteria(world)
    certification = apply(world)
    for certify in (True, False):
        _refused(
            lambda certify=certify: services.certification_decide(
                actor=world.provincial_supervisor,
                certification=certification,
                certify=certify,
                reason=reason,
            ),
            "reason",
        )
    certification.refresh_from_db()
    assert certification.status == Certification.Status.POOL
    assert certification.decision_reason == ""


def test_a_rejected_path_ends(world):
    jiangsu_criteria(world)
    certification = apply(world)
    rejected = services.certification_decide(
        actor=world.provincial_supervisor,
        certification=certification,
        certify=False,
        reason="投入凭证不完整",
        today=TODAY,
    )
    assert rejected.status == Certification.Status.REJECTED
    assert rejected.confirmation_due is None
    for call in (
        lambda: services.certification_decide(
            actor=world.provincial_supervisor, certification=rejected, certify=True, reason="再议"
        ),
        lambda: services.certification_withdraw(
            actor=world.provincial_supervisor, certification=rejected, reason="撤销"
        ),
    ):
        _refused(call, "status")
    _refused(
        lambda: services.certification_evidence_update(
            actor=world.representative, certification=rejected, evidence={"1": "补充"}
        ),
        "evidence",
    )


def test_a_certification_granted_on_29_february_is_confirmed_on_28_february(world):
    jiangsu_criteria(world)
    certification = services.certification_decide(
        actor=world.provincial_supervisor,
        certification=apply(world),
        certify=True,
        reason="符合",
        today=datetime.date(2028, 2, 29),
    )
    assert certification.confirmation_due == datetime.date(2031, 2, 28)


def test_the_periodic_confirmation_moves_the_date_on(world):
    jiangsu_criteria(world, confirmation_years=2)
    certification = services.certification_decide(
        actor=world.provincial_supervisor,
        certification=apply(world),
        certify=True,
        reason="符合",
        today=TODAY,
    )
    assert certification.confirmation_due == datetime.date(2028, 3, 1)
    confirmed = services.certification_confirm(
        actor=world.provincial_supervisor,
        certification=certification,
        reason="复核：投入持续，合作稳定。",
        today=datetime.date(2028, 1, 15),
    )
    assert confirmed.status == Certification.Status.CERTIFIED
    assert confirmed.certified_on == TODAY  # the first certification's date stays
    assert confirmed.last_confirmed == datetime.date(2028, 1, 15)
    assert confirmed.confirmation_due == datetime.date(2030, 1, 15)
    assert list(confirmed.events.values_list("kind", "reason")) == [
        ("entered", ""),
        ("certified", "符合"),
        ("confirmed", "复核：投入持续，合作稳定。"),
    ]
    _refused(
        lambda: services.certification_confirm(
            actor=world.provincial_supervisor, certification=confirmed, reason=""
        ),
        "reason",
    )


def test_a_pool_path_cannot_be_confirmed(world):
    jiangsu_criteria(world)
    message = _refused(
        lambda: services.certification_confirm(
            actor=world.provincial_supervisor, certification=apply(world), reason="复核"
        ),
        "status",
    )
    assert "Only a certified enterprise" in message


def test_a_withdrawn_certification_leaves_the_public_list(world):
    jiangsu_criteria(world)
    certification = services.certification_decide(
        actor=world.provincial_supervisor,
        certification=apply(world),
        certify=True,
        reason="符合",
        today=TODAY,
    )
    _refused(
        lambda: services.certification_withdraw(
            actor=world.provincial_supervisor, certification=certification, reason=" "
        ),
        "reason",
    )
    with pytest.raises(PermissionDenied):
        services.certification_withdraw(
            actor=world.guangdong_supervisor, certification=certification, reason="撤销"
        )
    withdrawn = services.certification_withdraw(
        actor=world.provincial_supervisor,
        certification=certification,
        reason="企业撤回职业教育投入。",
        today=datetime.date(2026, 9, 1),
    )
    assert withdrawn.status == Certification.Status.WITHDRAWN
    assert withdrawn.confirmation_due is None
    assert withdrawn.decided_on == datetime.date(2026, 9, 1)
    assert not selectors.certified_enterprises().exists()
    assert (
        CertificationEvent.objects.filter(kind="withdrawn").get().reason == "企业撤回职业教育投入。"
    )


def test_the_enterprise_corrects_its_evidence_criterion_by_criterion(world):
    jiangsu_criteria(world)
    certification = apply(world, evidence={"1": "投入", "2": "共建"})
    updated = services.certification_evidence_update(
        actor=world.representative, certification=certification, evidence={"2": "", "3": "实习"}
    )
    assert updated.evidence == {"1": "投入", "3": "实习"}
    _refused(
        lambda: services.certification_evidence_update(
            actor=world.representative, certification=certification, evidence={"X": "未知"}
        ),
        "evidence",
    )
    with pytest.raises(PermissionDenied):
        services.certification_evidence_update(
            actor=world.provincial_supervisor, certification=certification, evidence={"1": "改"}
        )
    _refused(
        lambda: services.certification_document_add(
            actor=world.representative, certification=certification, criterion="X", file=pdf()
        ),
        "criterion",
    )


def test_confirmations_falling_due_show_in_the_digests(world):
    jiangsu_criteria(world)
    today = datetime.date.today()
    certification = services.certification_decide(
        actor=world.provincial_supervisor,
        certification=apply(world),
        certify=True,
        reason="符合",
    )
    Certification.objects.filter(pk=certification.pk).update(
        confirmation_due=today + datetime.timedelta(days=30)
    )
    other = OrganizationFactory()
    MembershipFactory(community=world.community_a, organization=other)
    overdue = services.certification_pool_enter(
        actor=world.provincial_supervisor, organization=other, evidence=EVIDENCE
    )
    Certification.objects.filter(pk=overdue.pk).update(
        status=Certification.Status.CERTIFIED, confirmation_due=today - datetime.timedelta(days=3)
    )
    lines = {line.kind: line for line in digest_lines(world.provincial_supervisor, today=today)}
    assert lines["confirmations_due"].count == 2
    assert "1 certified enterprises are due for confirmation within 90 days; 1 are overdue" in (
        lines["confirmations_due"].text
    )
    assert lines["confirmations_due"].link.endswith("?state=overdue")
    own = [
        line
        for line in digest_lines(world.representative, today=today)
        if line.kind == "own_confirmation_due"
    ]
    assert len(own) == 1
    assert (today + datetime.timedelta(days=30)).isoformat() in own[0].text
    assert own[0].link == f"/policy/certification/{certification.pk}/"
    guangdong = {line.kind for line in digest_lines(world.guangdong_supervisor, today=today)}
    assert "confirmations_due" not in guangdong
    assert "own_confirmation_due" not in {line.kind for line in digest_lines(world.stranger)}


def test_the_path_states_of_the_list(world):
    jiangsu_criteria(world)
    today = datetime.date(2026, 6, 1)
    certification = apply(world)
    assert selectors.path_state(certification, today) == "pool"
    for due, state in (
        (datetime.date(2026, 8, 30), "due"),  # 90 days ahead: due soon
        (datetime.date(2026, 8, 31), "certified"),  # 91 days ahead
        (datetime.date(2026, 6, 1), "due"),  # today
        (datetime.date(2026, 5, 31), "overdue"),
    ):
        certification.status, certification.confirmation_due = "certified", due
        certification.save()
        assert selectors.path_state(certification, today) == state
        found = selectors.certification_paths(world.provincial_supervisor, state=state, today=today)
        assert list(found) == [certification], (due, state)


def test_the_evidence_pack_holds_the_workbook_and_the_documents(world):
    jiangsu_criteria(world)
    certification = apply(world, documents=[("2", pdf("共建协议.pdf")), ("2", pdf("共建协议.pdf"))])
    pack = zipfile.ZipFile(io.BytesIO(evidence_pack_zip(certification.organization, [])))
    names = sorted(pack.namelist())
    assert names == [
        "documents/2/01-共建协议.pdf",
        "documents/2/02-共建协议.pdf",
        "surcharge-offsets.xlsx",
    ]
    assert pack.read("documents/2/01-共建协议.pdf").startswith(b"%PDF-")
    workbook = load_workbook(io.BytesIO(pack.read("surcharge-offsets.xlsx")))
    listing = list(workbook.worksheets[-1].iter_rows(values_only=True))
    assert [row[2] for row in listing[1:]] == names[:2]
    record = list(workbook.worksheets[2].iter_rows(values_only=True))
    assert ("1", ITEMS[0]["text"], EVIDENCE["1"]) in [tuple(row[:3]) for row in record]


def test_an_enterprise_of_another_province_answers_that_provinces_criteria(world):
    jiangsu_criteria(world)
    services.criteria_publish(
        actor=world.guangdong_supervisor,
        province=world.community_b.province,
        items=[{"code": "G1", "text": "广东条件"}],
    )
    enterprise = OrganizationFactory(region=shenzhen())
    MembershipFactory(community=world.community_b, organization=enterprise)
    message = _refused(
        lambda: services.certification_pool_enter(
            actor=world.guangdong_supervisor, organization=enterprise, evidence={"1": "江苏条件"}
        ),
        "evidence",
    )
    assert "G1" in message
