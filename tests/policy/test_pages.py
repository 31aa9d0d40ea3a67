"""The policy pages: what each person sees, applying and deciding through the forms, the
transparency page and its open data, the calculator and its evidence pack, the lab."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from iecommons.policy.models import (
    Application,
    IncentiveProgramme,
    InvestmentYear,
    PolicyScenario,
)
from iecommons.policy.services import programmes as services
from iecommons.policy.services.scenario_runs import scenario_execute
from tests.policy.conftest import AMOUNT, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def get(client, user, url, **extra):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **extra)


@pytest.fixture
def application(programmes) -> Application:
    world = programmes.world
    return services.application_submit(
        actor=world.representative,
        programme=programmes.jiangsu,
        organization=world.member_a,
        community=world.community_a,
        amount_requested=AMOUNT,
        purpose="共建实训基地",
        today=TODAY,
    )


def test_the_public_list_and_programme_page_need_no_sign_in(client, programmes):
    page = get(client, None, "/policy/").content.decode()
    assert "产教融合专项资金" in page
    detail = get(client, None, f"/policy/programmes/{programmes.jiangsu.pk}/").content.decode()
    assert "Who may apply" in detail
    assert "Fund ledger" not in detail
    assert "Submit the application" not in detail


def test_the_representative_sees_why_it_is_eligible_and_applies_by_the_form(client, programmes):
    world = programmes.world
    today = datetime.date.today()
    IncentiveProgramme.objects.filter(pk=programmes.national.pk).update(
        opens=today,
        deadline=today + datetime.timedelta(days=30),
        spend_by=today + datetime.timedelta(days=90),
    )
    url = f"/policy/programmes/{programmes.national.pk}/"
    page = get(client, world.representative, url).content.decode()
    assert "eligible" in page
    assert "years of membership" in page
    response = client.post(
        url,
        {"community": world.community_a.pk, "amount_requested": "1000.00", "purpose": "实训"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert Application.objects.filter(programme=programmes.national).count() == 1


def test_the_supervisor_sees_the_applications_and_the_ledger(client, programmes, application):
    page = get(
        client,
        programmes.world.provincial_supervisor,
        f"/policy/programmes/{programmes.jiangsu.pk}/",
    ).content.decode()
    assert "Fund ledger" in page
    assert str(application.organization) in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("representative", 200),
        ("provincial_supervisor", 200),
        ("guangdong_supervisor", 404),
        ("secretary", 404),
        ("stranger", 404),
        (None, 302),
    ],
)
def test_an_application_page_is_for_its_applicant_and_supervisors(
    client, programmes, application, who, status
):
    user = getattr(programmes.world, who) if who else None
    assert get(client, user, f"/policy/applications/{application.pk}/").status_code == status


def test_review_and_award_by_the_forms_then_the_transparency_page_shows_it(
    client, programmes, application
):
    reviewer = programmes.world.provincial_supervisor
    client.force_login(reviewer)
    base = f"/policy/applications/{application.pk}"
    assert client.post(f"{base}/review", {"score": "88", "reason": "扎实"}).status_code == 302
    refused = client.post(f"{base}/decide", {"award": "1", "amount": "999999.00", "reason": "支持"})
    assert refused.status_code == 422
    assert "cannot exceed the amount requested" in refused.content.decode()
    assert (
        client.post(
            f"{base}/decide", {"award": "1", "amount": "150000.00", "reason": "支持"}
        ).status_code
        == 302
    )
    page = get(client, None, "/policy/awards/").content.decode()
    assert str(application.organization.name) in page
    assert "150,000.00" in page
    csv = get(client, None, "/policy/awards.csv").content.decode("utf-8-sig")
    assert application.organization.credit_code in csv
    assert "certified is True" in csv


def test_only_the_representative_may_appeal_by_the_form(client, programmes, application):
    world = programmes.world
    services.application_review(
        actor=world.provincial_supervisor, application=application, score=30, reason="弱"
    )
    services.application_decide(
        actor=world.provincial_supervisor, application=application, award=False, reason="不足"
    )
    client.force_login(world.provincial_supervisor)
    assert (
        client.post(f"/policy/applications/{application.pk}/appeal", {"reason": "x"}).status_code
        == 403
    )
    client.force_login(world.representative)
    assert (
        client.post(f"/policy/applications/{application.pk}/appeal", {"reason": "补充"}).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("representative", 200),
        ("provincial_supervisor", 200),
        ("guangdong_supervisor", 404),
        ("secretary", 404),
        ("stranger", 404),
    ],
)
def test_the_calculator_page_and_evidence_pack_are_the_enterprises_own(
    client, programmes, who, status
):
    organization = programmes.world.member_a
    InvestmentYear.objects.create(
        organization=organization,
        year=2024,
        investment=Decimal("1000000"),
        vat_paid=Decimal("4000000"),
    )
    InvestmentYear.objects.create(
        organization=organization, year=2025, investment=Decimal("0"), vat_paid=Decimal("2000000")
    )
    user = getattr(programmes.world, who)
    response = get(client, user, f"/policy/organizations/{organization.pk}/calculator/")
    assert response.status_code == status
    pack = get(client, user, f"/policy/organizations/{organization.pk}/evidence-pack.zip")
    assert pack.status_code == status
    if status == 200:
        assert "100,000.00" in response.content.decode()  # carried from 2024 into 2025
        with zipfile.ZipFile(io.BytesIO(pack.content)) as archive:
            workbook = archive.read("surcharge-offsets.xlsx")
        sheet = load_workbook(io.BytesIO(workbook)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[2][0] == 2024
        assert rows[2][12] == 100000


def test_the_lab_is_for_supervisors_and_shows_a_run_scenario(client, programmes):
    world = programmes.world
    assert get(client, world.representative, "/policy/lab/").status_code == 403
    client.force_login(world.provincial_supervisor)
    response = client.post(
        "/policy/lab/",
        {"title": "补贴加倍", "document": '{"parameters": {"S_e": 4}, "t_end": 30}'},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    scenario = PolicyScenario.objects.get()
    scenario_execute(scenario_id=scenario.pk)
    page = get(client, world.provincial_supervisor, f"/policy/lab/{scenario.pk}/").content.decode()
    assert "Stability of the pure-strategy corners" in page
    assert "lab-data" in page
    assert get(client, world.guangdong_supervisor, f"/policy/lab/{scenario.pk}/").status_code == 404
    bad = client.post("/policy/lab/", {"title": "x", "document": '{"parameters": {"Q": 1}}'})
    assert "unknown parameter &#x27;Q&#x27;" in bad.content.decode()
