"""The certification pages and API: who sees which path, applying with a file, decisions
behind their confirmation, the criteria rows, the public list; bad input as clear
refusals naming the field, never a server error."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from iecommons.policy.models import Certification, CertificationCriteria, CertificationDocument
from iecommons.policy.services import certification as services
from iecommons.registry.models import Organization
from tests.factories import MembershipFactory, OrganizationFactory
from tests.policy.certification_scene import EVIDENCE, ITEMS, apply, jiangsu_criteria, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _client(user: Any = None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def _api(user: Any, method: str, url: str, body: Any = None) -> Any:
    kwargs: dict[str, Any] = {}
    if body is not None:
        kwargs = {"data": json.dumps(body), "content_type": "application/json"}
    return getattr(_client(user), method)(url, **kwargs)


def _certified(world: Any) -> Certification:
    return services.certification_decide(
        actor=world.provincial_supervisor, certification=apply(world), certify=True, reason="符合"
    )


# ------------------------------------------------------------------ who sees what


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("representative", 200),
        ("provincial_supervisor", 200),
        ("supervisor", 200),
        ("operator", 200),
        ("guangdong_supervisor", 404),
        ("secretary", 404),
        ("outsider", 404),
        ("stranger", 404),
    ],
)
def test_a_path_is_seen_by_the_enterprise_and_its_provinces_supervisors(world, who, status):
    jiangsu_criteria(world)
    certification = apply(world, documents=[("1", pdf())])
    document = certification.documents.get()
    user = getattr(world, who)
    assert _client(user).get(f"/policy/certification/{certification.pk}/").status_code == status
    assert _client(user).get(f"/policy/certification-documents/{document.pk}").status_code == status
    assert _api(user, "get", f"/api/policy/certifications/{certification.pk}").status_code == status
    listed = _client(user).get("/policy/certification/")
    assert listed.status_code == 200
    assert (world.member_a.name in listed.content.decode()) == (status == 200)
    api_list = _api(user, "get", "/api/policy/certifications").json()
    assert (api_list["count"] == 1) == (status == 200)


def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_refuses_them(world):
    jiangsu_criteria(world)
    certification = apply(world)
    assert _client().get(f"/policy/certification/{certification.pk}/").status_code == 302
    assert _client().get("/policy/certification/").status_code == 302
    assert _api(None, "get", f"/api/policy/certifications/{certification.pk}").status_code == 401


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("provincial_supervisor", 302),
        ("guangdong_supervisor", 404),
        ("representative", 403),
        ("stranger", 404),
    ],
)
def test_only_the_provinces_supervisors_decide(world, who, status):
    jiangsu_criteria(world)
    certification = apply(world)
    response = _client(getattr(world, who)).post(
        f"/policy/certification/{certification.pk}/certify",
        {"confirmed": "yes", "reason": "符合认定条件"},
    )
    assert response.status_code == status
    certification.refresh_from_db()
    assert (certification.status == "certified") == (status == 302)
    api = _api(
        getattr(world, who),
        "post",
        f"/api/policy/certifications/{certification.pk}/withdrawal",
        {"reason": "撤销"},
    )
    assert api.status_code == {302: 200}.get(status, status)


# ------------------------------------------------------------------ the enterprise applies


def test_the_representative_applies_on_the_page_with_a_file(world):
    jiangsu_criteria(world)
    client = _client(world.representative)
    listed = client.get("/policy/certification/").content.decode()
    apply_url = f"/policy/organizations/{world.member_a.pk}/certification/apply"
    assert apply_url in listed
    page = client.get(apply_url)
    assert ITEMS[1]["text"] in page.content.decode()
    response = client.post(
        apply_url,
        {"evidence_1": "累计投入 1,260 万元", "evidence_2": "", "file_2": pdf("共建协议.pdf")},
    )
    assert response.status_code == 302
    certification = Certification.objects.get(organization=world.member_a)
    assert response["Location"] == f"/policy/certification/{certification.pk}/"
    assert certification.evidence == {"1": "累计投入 1,260 万元"}
    assert certification.documents.get().criterion == "2"
    detail = client.get(response["Location"]).content.decode()
    assert "共建协议.pdf" in detail
    assert "In the cultivation pool" in detail
    # The apply page of an enterprise already on the path leads to the path.
    assert client.get(apply_url)["Location"] == response["Location"]


def test_applying_in_a_province_without_criteria_says_so(world):
    client = _client(world.representative)
    apply_url = f"/policy/organizations/{world.member_a.pk}/certification/apply"
    assert "has not published its criteria yet" in client.get(apply_url).content.decode()
    response = client.post(apply_url, {"evidence_1": "投入"})
    assert response.status_code == 422
    assert "has not published its criteria yet" in response.content.decode()
    assert not Certification.objects.exists()


def test_nobody_else_applies_for_the_enterprise(world):
    jiangsu_criteria(world)
    url = f"/policy/organizations/{world.member_a.pk}/certification/apply"
    for user in (world.stranger, world.secretary, world.guangdong_supervisor):
        assert _client(user).post(url, {"evidence_1": "投入"}).status_code == 404
    assert not Certification.objects.exists()


def test_the_enterprise_gives_evidence_and_documents_later(world):
    jiangsu_criteria(world)
    certification = apply(world, evidence={"1": "投入"})
    client = _client(world.representative)
    url = f"/policy/certification/{certification.pk}/"
    response = client.post(url + "evidence", {"evidence_1": "投入", "evidence_3": "每年 120 人"})
    assert response.status_code == 302
    certification.refresh_from_db()
    assert certification.evidence == {"1": "投入", "3": "每年 120 人"}
    refused = client.post(url + "documents", {"criterion": "9", "file": pdf()})
    assert refused.status_code == 422
    assert not CertificationDocument.objects.exists()
    added = client.post(url + "documents", {"criterion": "2", "title": "协议", "file": pdf()})
    assert added.status_code == 302
    assert certification.documents.get().title == "协议"
    # The supervisor reads the evidence but does not write it.
    supervisor = _client(world.provincial_supervisor)
    assert supervisor.post(url + "evidence", {"evidence_1": "改"}).status_code == 403


# ------------------------------------------------------------------ decisions behind the modal


def test_certifying_is_asked_first_and_a_missing_reason_comes_back(world):
    jiangsu_criteria(world)
    certification = apply(world)
    client = _client(world.provincial_supervisor)
    url = f"/policy/certification/{certification.pk}/certify"
    dialog = client.get(url, HTTP_HX_REQUEST="true")
    assert dialog.status_code == 200
    text = dialog.content.decode()
    assert "Certify" in text
    assert "Every one of the 3 criteria has its evidence." in text
    # A POST that is not the confirmation's changes nothing.
    assert client.post(url, {"reason": "符合"}).status_code == 200
    refused = client.post(url, {"confirmed": "yes", "reason": ""})
    assert refused.status_code == 422
    assert "This field is required" in refused.content.decode()
    certification.refresh_from_db()
    assert certification.status == Certification.Status.POOL
    done = client.post(url, {"confirmed": "yes", "reason": "经材料审核，符合认定条件。"})
    assert done.status_code == 302
    certification.refresh_from_db()
    assert certification.status == Certification.Status.CERTIFIED
    page = _client(world.representative).get(f"/policy/certification/{certification.pk}/")
    text = page.content.decode()
    assert "经材料审核，符合认定条件。" in text
    assert certification.confirmation_due.isoformat() in text


def test_certifying_with_evidence_missing_is_refused_on_the_confirmation(world):
    jiangsu_criteria(world)
    certification = apply(world, evidence={"1": "投入"})
    client = _client(world.provincial_supervisor)
    url = f"/policy/certification/{certification.pk}/certify"
    assert "Evidence is missing for: 2, 3" in client.get(url).content.decode()
    refused = client.post(url, {"confirmed": "yes", "reason": "符合"})
    assert refused.status_code == 422
    assert "Evidence is missing for: 2, 3." in refused.content.decode()
    certification.refresh_from_db()
    assert certification.status == Certification.Status.POOL


@pytest.mark.parametrize(
    ("action", "status", "after"),
    [
        ("reject", "pool", "rejected"),
        ("withdraw", "pool", "withdrawn"),
        ("confirm", "certified", "certified"),
        ("withdraw", "certified", "withdrawn"),
    ],
)
def test_each_decision_records_its_reason(world, action, status, after):
    jiangsu_criteria(world)
    certification = _certified(world) if status == "certified" else apply(world)
    client = _client(world.provincial_supervisor)
    url = f"/policy/certification/{certification.pk}/{action}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirmed": "yes", "reason": f"{action} 的理由"})
    assert response.status_code == 302
    certification.refresh_from_db()
    assert certification.status == after
    assert certification.decision_reason == f"{action} 的理由"
    assert certification.events.last().reason == f"{action} 的理由"


def test_an_ended_path_offers_no_decision_and_refuses_one(world):
    jiangsu_criteria(world)
    certification = services.certification_withdraw(
        actor=world.provincial_supervisor, certification=apply(world), reason="移出"
    )
    client = _client(world.provincial_supervisor)
    page = client.get(f"/policy/certification/{certification.pk}/").content.decode()
    assert f"/policy/certification/{certification.pk}/certify" not in page
    response = client.post(
        f"/policy/certification/{certification.pk}/confirm", {"confirmed": "yes", "reason": "复核"}
    )
    assert response.status_code == 422
    assert "Only a certified enterprise can be confirmed again" in response.content.decode()


def test_a_rejected_enterprise_applies_again_from_its_path(world):
    jiangsu_criteria(world)
    rejected = services.certification_decide(
        actor=world.provincial_supervisor,
        certification=apply(world),
        certify=False,
        reason="投入不足",
    )
    client = _client(world.representative)
    apply_url = f"/policy/organizations/{world.member_a.pk}/certification/apply"
    detail_url = f"/policy/certification/{rejected.pk}/"
    detail = client.get(detail_url).content.decode()
    assert "Apply again" in detail
    assert apply_url in detail
    assert apply_url in client.get("/policy/certification/").content.decode()
    # The supervisor decides; it does not apply for the enterprise from its path.
    supervisor_page = _client(world.provincial_supervisor).get(detail_url).content.decode()
    assert "Apply again" not in supervisor_page
    form = client.get(apply_url)
    assert form.status_code == 200
    assert ITEMS[0]["text"] in form.content.decode()
    assert "earlier path ended: Rejected on" in form.content.decode()
    response = client.post(apply_url, {"evidence_1": "累计投入 2,000 万元", "evidence_2": "共建"})
    assert response["Location"] == detail_url  # the same path, reopened
    page = client.get(detail_url).content.decode()
    assert "In the cultivation pool" in page
    assert "投入不足" in page  # the earlier decision's reason stays in the history
    assert "Apply again" not in page
    # While the path is open the apply page leads to it again.
    assert client.get(apply_url)["Location"] == detail_url


# ------------------------------------------------------------------ the list


def test_the_supervisors_list_filters_by_state_and_name(world):
    jiangsu_criteria(world)
    certified = _certified(world)
    other = OrganizationFactory(name="常州培育企业有限公司")
    MembershipFactory(community=world.community_a, organization=other)
    services.certification_pool_enter(
        actor=world.provincial_supervisor, organization=other, evidence=EVIDENCE
    )
    client = _client(world.provincial_supervisor)

    def names(query: str) -> set[str]:
        text = client.get("/policy/certification/" + query).content.decode()
        return {name for name in (world.member_a.name, other.name) if name in text}

    assert names("") == {world.member_a.name, other.name}
    assert names("?state=pool") == {other.name}
    assert names("?state=certified") == {world.member_a.name}
    assert names("?state=due") == set()
    Certification.objects.filter(pk=certified.pk).update(
        confirmation_due=datetime.date.today() + datetime.timedelta(days=10)
    )
    assert names("?state=due") == {world.member_a.name}
    assert names("?q=培育") == {other.name}
    assert names(f"?q={other.credit_code}") == {other.name}
    assert names("?state=nonsense") == {world.member_a.name, other.name}
    partial = client.get("/policy/certification/?state=pool", HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()


def test_the_api_list_refuses_an_unknown_state_or_province(world):
    for query, field in (("state=nonsense", "state"), ("province=999999", "province")):
        response = _api(world.supervisor, "get", f"/api/policy/certifications?{query}")
        assert response.status_code == 422
        assert field in response.json()["errors"]


# ------------------------------------------------------------------ the public list


def test_the_public_list_has_a_province_filter_paging_and_the_dates(world):
    jiangsu_criteria(world)
    certified = _certified(world)
    for number in range(55):
        organization = OrganizationFactory(name=f"常州认定企业{number:02d}有限公司")
        Certification.objects.create(
            organization=organization,
            province=world.community_a.province,
            criteria=certified.criteria,
            status=Certification.Status.CERTIFIED,
            pool_entered=datetime.date(2024, 1, 1),
            certified_on=datetime.date(2024, 6, 1),
            confirmation_due=datetime.date(2027, 6, 1),
        )
    guangdong = services.criteria_publish(
        actor=world.guangdong_supervisor,
        province=world.community_b.province,
        items=[{"code": "G1", "text": "广东条件"}],
    )
    Certification.objects.create(
        organization=world.member_b,
        province=world.community_b.province,
        criteria=guangdong,
        status=Certification.Status.CERTIFIED,
        pool_entered=datetime.date(2024, 1, 1),
        certified_on=datetime.date(2025, 2, 1),
        confirmation_due=datetime.date(2028, 2, 1),
    )
    first = _client().get("/policy/certified/").content.decode()
    assert "1–50 of 57" in first
    assert "2027-06-01" in first
    assert "2024-06-01" in first
    assert "51–57 of 57" in _client().get("/policy/certified/?page=2").content.decode()
    assert 'value="320000"' in first
    assert 'value="440000"' in first
    only_guangdong = _client().get("/policy/certified/?province=440000").content.decode()
    assert world.member_b.name in only_guangdong
    assert world.member_a.name not in only_guangdong
    assert "2028-02-01" in only_guangdong
    assert "1–50 of 56" in _client().get("/policy/certified/?province=320000").content.decode()
    api = _api(None, "get", "/api/policy/certified?province=320000&page_size=5").json()
    assert (api["count"], len(api["results"])) == (56, 5)
    services.certification_withdraw(
        actor=world.provincial_supervisor, certification=certified, reason="撤销"
    )
    pages = "".join(
        _client().get(f"/policy/certified/?page={number}").content.decode() for number in (1, 2)
    )
    assert world.member_a.name not in pages
    assert _api(None, "get", "/api/policy/certified").json()["count"] == 56
    unknown = _api(None, "get", "/api/policy/certified?province=xx")
    assert unknown.status_code == 422
    assert "province" in unknown.json()["errors"]


# ------------------------------------------------------------------ criteria as rows


def test_the_supervisor_publishes_a_new_version_by_editing_the_rows(world):
    jiangsu_criteria(world)
    client = _client(world.provincial_supervisor)
    url = "/policy/criteria/320000/"
    page = client.get(url).content.decode()
    assert ITEMS[0]["text"] in page
    data = {
        "rows-TOTAL_FORMS": "5",
        "rows-INITIAL_FORMS": "3",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "50",
        "rows-0-code": "1",
        "rows-0-text": ITEMS[0]["text"],
        "rows-1-code": "",
        "rows-1-text": "",
        "rows-2-code": "3",
        "rows-2-text": "每年接收学生实习实训不少于 50 人",
        "rows-3-code": "4",
        "rows-3-text": "参与教师企业实践",
        "rows-4-code": "",
        "rows-4-text": "",
        "confirmation_years": "2",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    latest = services.latest_criteria(world.community_a.province)
    assert latest.version == 2
    assert [item["code"] for item in latest.items] == ["1", "3", "4"]
    assert latest.confirmation_years == 2
    shown = client.get(url).content.decode()
    assert "In force: version 2" in shown
    assert "Version 1, published" in shown
    refused = client.post(url, {**data, "rows-3-code": "1"})
    assert refused.status_code == 422
    assert "The code 1 appears twice." in refused.content.decode()
    broken = client.post(url, {"confirmation_years": "3"})  # no management form
    assert broken.status_code == 422
    assert CertificationCriteria.objects.count() == 2


def test_the_criteria_pages_are_the_provinces_supervisors(world):
    assert _client(world.guangdong_supervisor).get("/policy/criteria/320000/").status_code == 404
    assert _client(world.representative).get("/policy/criteria/").status_code == 404
    assert _client(world.stranger).get("/policy/criteria/320000/").status_code == 404
    assert _client(world.provincial_supervisor).get("/policy/criteria/")["Location"] == (
        "/policy/criteria/320000/"
    )
    national = _client(world.supervisor).get("/policy/criteria/").content.decode()
    assert "/policy/criteria/440000/" in national
    assert "/policy/criteria/320000/" in national


# ------------------------------------------------------------------ the API


def test_the_api_path_from_applying_to_withdrawal(world):
    criteria = _api(
        world.provincial_supervisor,
        "post",
        "/api/policy/provinces/320000/criteria",
        {"items": ITEMS, "confirmation_years": 3},
    )
    assert criteria.status_code == 201
    assert _api(None, "get", "/api/policy/provinces/320000/criteria").json()[0]["version"] == 1
    applied = _api(
        world.representative,
        "post",
        "/api/policy/certifications",
        {"organization_id": world.member_a.pk, "evidence": {"1": "投入", "2": "共建"}},
    )
    assert applied.status_code == 201, applied.json()
    body = applied.json()
    assert (body["status"], body["missing"]) == ("pool", ["3"])
    path = f"/api/policy/certifications/{body['id']}"
    upload = _client(world.representative).post(
        path + "/documents", {"criterion": "3", "file": pdf("台账.pdf")}
    )
    assert upload.status_code == 201, upload.json()
    assert upload.json()["url"].startswith("/policy/certification-documents/")
    decided = _api(
        world.provincial_supervisor, "post", path + "/decision", {"certify": True, "reason": "符合"}
    )
    assert decided.status_code == 200
    assert decided.json()["state"] == "certified"
    confirmed = _api(
        world.provincial_supervisor, "post", path + "/confirmation", {"reason": "复核"}
    )
    assert confirmed.json()["last_confirmed"] == timezone.localdate().isoformat()
    withdrawn = _api(world.provincial_supervisor, "post", path + "/withdrawal", {"reason": "撤销"})
    assert withdrawn.json()["status"] == "withdrawn"
    kinds = [event["kind"] for event in _api(world.representative, "get", path).json()["events"]]
    assert kinds == ["entered", "certified", "confirmed", "withdrawn"]


@pytest.mark.parametrize(
    ("scene", "field"),
    [
        ("unknown code", "evidence"),
        ("not an enterprise", "organization_id"),
        ("no criteria", "province"),
        ("second path", "organization_id"),
        ("unknown organisation", "organization_id"),
    ],
)
def test_the_api_refuses_a_bad_application_naming_the_field(world, scene, field):
    if scene != "no criteria":
        jiangsu_criteria(world)
    body: dict[str, Any] = {"organization_id": world.member_a.pk, "evidence": dict(EVIDENCE)}
    if scene == "unknown code":
        body["evidence"]["Z9"] = "未知"
    elif scene == "not an enterprise":
        Organization.objects.filter(pk=world.member_a.pk).update(type="association")
    elif scene == "second path":
        apply(world)
    elif scene == "unknown organisation":
        body["organization_id"] = 10**9
    before = Certification.objects.count()
    response = _api(world.representative, "post", "/api/policy/certifications", body)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert Certification.objects.count() == before


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/decision", {"certify": True, "reason": ""}, "reason"),
        ("/decision", {"certify": True, "reason": "符合"}, "evidence"),
        ("/confirmation", {"reason": "复核"}, "status"),
        ("/evidence", {"evidence": {"Q": "未知"}}, "evidence"),
    ],
)
def test_the_api_refuses_bad_decisions_naming_the_field(world, url, body, field):
    jiangsu_criteria(world)
    certification = apply(world, evidence={"1": "投入"})
    user = world.representative if url == "/evidence" else world.provincial_supervisor
    response = _api(user, "post", f"/api/policy/certifications/{certification.pk}{url}", body)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    certification.refresh_from_db()
    assert (certification.status, certification.evidence) == ("pool", {"1": "投入"})


def test_the_api_refuses_bad_criteria_naming_the_field(world):
    for body, field in (
        ({"items": [{"code": "1"}]}, "items"),
        ({"items": ITEMS, "confirmation_years": 40}, "confirmation_years"),
    ):
        response = _api(
            world.provincial_supervisor, "post", "/api/policy/provinces/320000/criteria", body
        )
        assert response.status_code == 422
        assert field in response.json()["errors"]
    assert (
        _api(
            world.guangdong_supervisor,
            "post",
            "/api/policy/provinces/320000/criteria",
            {"items": ITEMS},
        ).status_code
        == 403
    )
    assert _api(None, "get", "/api/policy/provinces/999999/criteria").status_code == 404
    assert not CertificationCriteria.objects.exists()
