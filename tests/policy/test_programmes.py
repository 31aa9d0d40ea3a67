"""Applying, reviewing, deciding and appealing, with eligibility explained per condition."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iecommons.common.models import AuditEntry
from iecommons.policy.models import Application, IncentiveProgramme
from iecommons.policy.services import programmes as services
from iecommons.policy.services.programmes import eligibility_for
from tests.factories import MembershipFactory, OrganizationFactory
from tests.policy.conftest import AMOUNT, TODAY, open_programme

pytestmark = pytest.mark.django_db


def submit(programmes, **extra):
    world = programmes.world
    values = {
        "actor": world.representative,
        "programme": programmes.jiangsu,
        "organization": world.member_a,
        "community": world.community_a,
        "amount_requested": AMOUNT,
        "purpose": "共建实训基地",
        "today": TODAY,
    }
    values.update(extra)
    return services.application_submit(**values)


def refusal(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict  # type: ignore[attr-defined]


def test_the_applicant_sees_each_condition_with_its_actual_value(programmes):
    world = programmes.world
    eligible, rows = eligibility_for(programmes.jiangsu, world.member_a, world.community_a)
    assert eligible
    assert [(r["fact"], r["actual"], r["passed"]) for r in rows] == [
        ("certified", True, True),
        ("membership_years", rows[1]["actual"], True),
        ("overdue_rectifications", 0.0, True),
        ("community_level", "provincial", True),
    ]
    assert rows[1]["actual"] >= 2


def test_an_uncertified_newcomer_is_told_which_conditions_fail(programmes):
    world = programmes.world
    newcomer = MembershipFactory(
        community=world.community_a, joined=datetime.date.today() - datetime.timedelta(days=30)
    ).organization
    eligible, rows = eligibility_for(programmes.jiangsu, newcomer, world.community_a)
    assert not eligible
    failed = {r["fact"]: r["actual"] for r in rows if not r["passed"]}
    assert failed == {"certified": False, "membership_years": 0.0}


def test_an_application_keeps_the_explanation_and_is_audited(programmes):
    application = submit(programmes)
    assert application.status == Application.Status.SUBMITTED
    assert application.eligibility[0]["fact"] == "certified"
    assert AuditEntry.objects.filter(operation="application_submit").count() == 1


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"today": datetime.date(2026, 7, 1)}, "programme", "deadline passed on 2026-06-30"),
        ({"today": datetime.date(2025, 12, 31)}, "programme", "not open"),
        ({"amount_requested": "1000000.01"}, "amount_requested", "1,000,000.00 CNY of the budget"),
        ({"amount_requested": "-5"}, "amount_requested", "more than zero"),
        ({"amount_requested": "lots"}, "amount_requested", "amount in CNY"),
        ({"amount_requested": "1.001"}, "amount_requested", "two decimals"),
        ({"purpose": "  "}, "purpose", "what the support is for"),
    ],
)
def test_bad_applications_are_refused_naming_the_field(programmes, extra, field, words):
    with pytest.raises(ValidationError) as error:
        submit(programmes, **extra)
    assert words in " ".join(refusal(error)[field])
    assert not Application.objects.exists()


def test_an_ineligible_applicant_is_refused_naming_the_failed_conditions(programmes):
    world = programmes.world
    programmes.jiangsu.conditions = [{"fact": "joint_project_contribution", "op": ">=", "value": 1}]
    programmes.jiangsu.save(update_fields=["conditions"])
    with pytest.raises(ValidationError) as error:
        submit(programmes)
    assert "joint_project_contribution" in refusal(error)["programme"][0]
    assert world.member_a.applications.count() == 0


def test_a_community_outside_the_jurisdiction_is_refused(programmes):
    world = programmes.world
    MembershipFactory(community=world.community_b, organization=world.member_a)
    with pytest.raises(ValidationError) as error:
        submit(programmes, community=world.community_b)
    assert "outside the programme's jurisdiction" in refusal(error)["community"][0]


def test_conditions_naming_unknown_facts_are_refused(programmes):
    world = programmes.world
    with pytest.raises(ValidationError) as error:
        open_programme(
            world.supervisor, None, conditions=[{"fact": "turnover", "op": ">=", "value": 1}]
        )
    message = refusal(error)["conditions"][0]
    assert "conditions[0].fact" in message
    assert "unknown fact 'turnover'" in message
    assert IncentiveProgramme.objects.count() == 3


def test_review_decide_award_and_the_ledger_commits(programmes):
    world = programmes.world
    application = submit(programmes)
    with pytest.raises(ValidationError, match="Review the application"):
        services.application_decide(
            actor=world.provincial_supervisor,
            application=application,
            award=True,
            amount=AMOUNT,
            reason="符合条件",
        )
    services.application_review(
        actor=world.provincial_supervisor, application=application, score=86, reason="基础扎实"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW
    services.application_decide(
        actor=world.provincial_supervisor,
        application=application,
        award=True,
        amount=Decimal("150000.00"),
        reason="择优支持",
    )
    programme = IncentiveProgramme.objects.get(pk=programmes.jiangsu.pk)
    assert programme.committed == Decimal("150000.00")
    assert programme.available == Decimal("850000.00")
    assert programme.budget == programme.committed + programme.available


@pytest.mark.parametrize(
    ("score", "ok"),
    [(0, True), (100, True), (101, False), (-1, False), ("9.5", False), ("x", False)],
)
def test_scores_are_whole_numbers_from_0_to_100(programmes, score, ok):
    application = submit(programmes)
    call = lambda: services.application_review(  # noqa: E731
        actor=programmes.world.provincial_supervisor,
        application=application,
        score=score,
        reason="理由",
    )
    if ok:
        assert call().score == int(score)
    else:
        with pytest.raises(ValidationError) as error:
            call()
        assert "score" in refusal(error)


def test_a_rejection_can_be_appealed_once_and_then_decided_finally(programmes):
    world = programmes.world
    application = submit(programmes)
    reviewer = world.provincial_supervisor
    services.application_review(actor=reviewer, application=application, score=40, reason="薄弱")
    services.application_decide(actor=reviewer, application=application, award=False, reason="不足")
    services.application_appeal(
        actor=world.representative, application=application, reason="材料补充"
    )
    services.application_decide(
        actor=reviewer, application=application, award=False, reason="维持原决定"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.APPEAL_REJECTED
    with pytest.raises(ValidationError, match="only once"):
        services.application_appeal(
            actor=world.representative, application=application, reason="再次"
        )


@pytest.mark.parametrize(
    "who", ["guangdong_supervisor", "secretary", "outsider", "expert", "stranger"]
)
def test_only_the_programmes_supervisors_review(programmes, who):
    application = submit(programmes)
    with pytest.raises(PermissionDenied):
        services.application_review(
            actor=getattr(programmes.world, who), application=application, score=80, reason="x"
        )


@pytest.mark.parametrize("who", ["supervisor", "provincial_supervisor", "stranger", "secretary"])
def test_only_the_representative_applies_for_its_organisation(programmes, who):
    with pytest.raises(PermissionDenied):
        submit(programmes, actor=getattr(programmes.world, who))


def test_a_provincial_supervisor_opens_programmes_only_for_its_province(programmes):
    world = programmes.world
    with pytest.raises(PermissionDenied):
        open_programme(world.provincial_supervisor, None)
    with pytest.raises(PermissionDenied):
        open_programme(world.provincial_supervisor, world.community_b.province)
    assert open_programme(world.provincial_supervisor, world.community_a.region).pk


def test_another_organisation_applies_separately(programmes):
    world = programmes.world
    other = OrganizationFactory()
    MembershipFactory(community=world.community_a, organization=other)
    with pytest.raises(PermissionDenied):
        submit(programmes, organization=other)


def test_a_closed_programme_takes_no_more_applications(programmes):
    world = programmes.world
    with pytest.raises(PermissionDenied):
        services.programme_close(actor=world.guangdong_supervisor, programme=programmes.jiangsu)
    services.programme_close(actor=world.provincial_supervisor, programme=programmes.jiangsu)
    with pytest.raises(ValidationError, match="not open for applications"):
        submit(programmes)
    with pytest.raises(ValidationError, match="can be closed"):
        services.programme_close(actor=world.provincial_supervisor, programme=programmes.jiangsu)
    assert AuditEntry.objects.filter(operation="programme_close").count() == 1
