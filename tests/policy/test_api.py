"""The policy API: who may call what (a table per endpoint), and refusals as JSON."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from iecommons.policy.models import Application, IncentiveProgramme, InvestmentYear
from iecommons.policy.services import programmes as services
from tests.policy.conftest import AMOUNT, TODAY

pytestmark = pytest.mark.django_db


def call(client: Client, user, method: str, url: str, body=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    kwargs = {"HTTP_ACCEPT_LANGUAGE": "en"}
    if body is not None:
        kwargs.update(data=json.dumps(body, default=str), content_type="application/json")
    return getattr(client, method)(url, **kwargs)


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


def test_the_public_reads_programmes_awards_and_the_certified_list(client, programmes):
    IncentiveProgramme.objects.filter(pk=programmes.guangdong.pk).update(status="draft")
    response = call(client, None, "get", "/api/policy/programmes")
    assert response.status_code == 200
    titles = {row["title"] for row in response.json()["results"]}
    assert titles == {"产教融合专项资金", "国家级产教融合奖补"}
    assert (
        call(client, None, "get", f"/api/policy/programmes/{programmes.guangdong.pk}").status_code
        == 404
    )
    assert (
        call(
            client,
            programmes.world.guangdong_supervisor,
            "get",
            f"/api/policy/programmes/{programmes.guangdong.pk}",
        ).status_code
        == 200
    )
    assert call(client, None, "get", "/api/policy/awards").status_code == 200
    certified = call(client, None, "get", "/api/policy/certified").json()
    assert [row["organization_id"] for row in certified["results"]] == [
        programmes.world.member_a.pk
    ]


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("representative", True),
        ("provincial_supervisor", True),
        ("supervisor", True),
        ("guangdong_supervisor", False),
        ("secretary", False),
        ("stranger", False),
    ],
)
def test_an_application_is_seen_by_its_applicant_and_its_programmes_supervisors(
    client, programmes, application, who, sees
):
    user = getattr(programmes.world, who)
    response = call(client, user, "get", f"/api/policy/applications/{application.pk}")
    assert response.status_code == (200 if sees else 404)
    listed = call(client, user, "get", "/api/policy/applications").json()["results"]
    assert [row["id"] for row in listed] == ([application.pk] if sees else [])


def test_anonymous_callers_get_nothing_private(client, programmes, application):
    for url in (
        "/api/policy/applications",
        f"/api/policy/applications/{application.pk}",
        f"/api/policy/programmes/{programmes.jiangsu.pk}/ledger",
        f"/api/policy/organizations/{programmes.world.member_a.pk}/surcharge",
    ):
        assert call(client, None, "get", url).status_code == 401, url


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("provincial_supervisor", 201),
        ("supervisor", 201),
        ("guangdong_supervisor", 404),
        ("representative", 403),
        ("stranger", 404),
    ],
)
def test_only_the_programmes_supervisors_review(client, programmes, application, who, status):
    response = call(
        client,
        getattr(programmes.world, who),
        "post",
        f"/api/policy/applications/{application.pk}/reviews",
        {"score": 80, "reason": "可"},
    )
    assert response.status_code == status


def test_the_ledger_is_for_the_programmes_supervisors(client, programmes):
    url = f"/api/policy/programmes/{programmes.jiangsu.pk}/ledger"
    assert call(client, programmes.world.provincial_supervisor, "get", url).status_code == 200
    assert call(client, programmes.world.guangdong_supervisor, "get", url).status_code == 403
    assert call(client, programmes.world.representative, "get", url).status_code == 403


def test_the_eligibility_endpoint_explains_each_condition(client, programmes):
    world = programmes.world
    url = (
        f"/api/policy/programmes/{programmes.jiangsu.pk}/eligibility"
        f"?organization_id={world.member_a.pk}&community_id={world.community_a.pk}"
    )
    response = call(client, world.representative, "get", url)
    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] is True
    assert [row["fact"] for row in body["conditions"]][:2] == ["certified", "membership_years"]
    assert call(client, world.stranger, "get", url).status_code == 404


def test_a_disbursement_over_the_commitment_is_a_422_naming_the_amount(
    client, programmes, application
):
    world = programmes.world
    reviewer = world.provincial_supervisor
    services.application_review(actor=reviewer, application=application, score=90, reason="优")
    services.application_decide(
        actor=reviewer, application=application, award=True, amount=AMOUNT, reason="支持"
    )
    url = f"/api/policy/applications/{application.pk}/disbursements"
    response = call(client, reviewer, "post", url, {"amount": "200000.01"})
    assert response.status_code == 422
    assert "amount" in response.json()["errors"]
    assert call(client, reviewer, "post", url, {"amount": "200000.00"}).status_code == 201


def test_a_programme_with_an_unknown_fact_is_a_422_naming_the_conditions(client, programmes):
    response = call(
        client,
        programmes.world.supervisor,
        "post",
        "/api/policy/programmes",
        {
            "title": "新计划",
            "kind": "subsidy",
            "budget": "100.00",
            "opens": "2026-01-01",
            "deadline": "2026-02-01",
            "spend_by": "2026-03-01",
            "conditions": [{"fact": "profit", "op": ">=", "value": 1}],
        },
    )
    assert response.status_code == 422
    assert "unknown fact 'profit'" in response.json()["errors"]["conditions"][0]


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
def test_the_calculator_is_the_enterprises_own(client, programmes, who, status):
    organization = programmes.world.member_a
    InvestmentYear.objects.create(
        organization=organization,
        year=2025,
        investment=Decimal("100000"),
        vat_paid=Decimal("1000000"),
    )
    response = call(
        client,
        getattr(programmes.world, who),
        "get",
        f"/api/policy/organizations/{organization.pk}/surcharge",
    )
    assert response.status_code == status
    if status == 200:
        (row,) = response.json()
        assert Decimal(row["credit_earned"]) == Decimal("30000.00")
        assert Decimal(row["payable"]) == Decimal("20000.00")


def test_a_year_without_surcharge_data_is_a_422_naming_the_year(client, programmes):
    organization = programmes.world.member_a
    InvestmentYear.objects.create(organization=organization, year=2025, investment=Decimal("1"))
    response = call(
        client,
        programmes.world.representative,
        "get",
        f"/api/policy/organizations/{organization.pk}/surcharge",
    )
    assert response.status_code == 422
    assert "2025.vat" in response.json()["errors"]
