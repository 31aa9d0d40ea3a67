"""The fund ledger: commitments, disbursements, returns and the lapse, with its invariants."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iecommons.common.models import Notification
from iecommons.policy.models import Application, FundMovement, IncentiveProgramme
from iecommons.policy.services import ledger
from iecommons.policy.services import programmes as services
from tests.policy.conftest import AMOUNT, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarded(programmes) -> Application:
    world = programmes.world
    application = services.application_submit(
        actor=world.representative,
        programme=programmes.jiangsu,
        organization=world.member_a,
        community=world.community_a,
        amount_requested=AMOUNT,
        purpose="共建实训基地",
        today=TODAY,
    )
    reviewer = world.provincial_supervisor
    services.application_review(actor=reviewer, application=application, score=90, reason="优")
    return services.application_decide(
        actor=reviewer, application=application, award=True, amount=AMOUNT, reason="支持"
    )


def totals(programme: IncentiveProgramme) -> tuple[Decimal, ...]:
    programme.refresh_from_db()
    assert programme.budget == programme.committed + programme.available
    assert programme.disbursed <= programme.committed <= programme.budget
    return programme.budget, programme.committed, programme.disbursed, programme.returned


def test_disburse_then_return_keeps_the_invariants(programmes, awarded):
    reviewer = programmes.world.provincial_supervisor
    ledger.disbursement_record(actor=reviewer, application=awarded, amount="120000.00")
    assert totals(programmes.jiangsu) == (
        Decimal("1000000.00"),
        AMOUNT,
        Decimal("120000.00"),
        Decimal("0"),
    )
    ledger.fund_return(actor=reviewer, application=awarded, amount="20000.00")
    assert totals(programmes.jiangsu) == (
        Decimal("1000000.00"),
        Decimal("180000.00"),
        Decimal("100000.00"),
        Decimal("20000.00"),
    )
    kinds = list(FundMovement.objects.values_list("kind", flat=True))
    assert kinds == ["commit", "disburse", "return"]


def test_a_disbursement_larger_than_the_commitment_is_refused(programmes, awarded):
    reviewer = programmes.world.provincial_supervisor
    ledger.disbursement_record(actor=reviewer, application=awarded, amount="150000.00")
    with pytest.raises(ValidationError) as error:
        ledger.disbursement_record(actor=reviewer, application=awarded, amount="50000.01")
    assert "50,000.00 CNY of this award" in error.value.message_dict["amount"][0]
    assert totals(programmes.jiangsu)[2] == Decimal("150000.00")
    assert FundMovement.objects.filter(kind="disburse").count() == 1


def test_an_award_over_the_available_budget_is_refused_and_nothing_is_written(programmes):
    world = programmes.world
    programme = programmes.national
    application = services.application_submit(
        actor=world.representative,
        programme=programme,
        organization=world.member_a,
        community=world.community_a,
        amount_requested="900000.00",
        purpose="x",
        today=TODAY,
    )
    IncentiveProgramme.objects.filter(pk=programme.pk).update(committed=Decimal("200000.00"))
    services.application_review(
        actor=world.supervisor, application=application, score=70, reason="可"
    )
    with pytest.raises(ValidationError) as error:
        services.application_decide(
            actor=world.supervisor,
            application=application,
            award=True,
            amount="900000.00",
            reason="支持",
        )
    assert "800,000.00 CNY of the budget" in error.value.message_dict["amount"][0]
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW
    assert not FundMovement.objects.exists()


def test_the_lapse_alert_comes_once_and_the_unspent_money_lapses_on_the_date(programmes, awarded):
    reviewer = programmes.world.provincial_supervisor
    ledger.disbursement_record(actor=reviewer, application=awarded, amount="50000.00")
    spend_by = programmes.jiangsu.spend_by
    assert ledger.lapse_alerts_send(today=spend_by - datetime.timedelta(days=40)) == 0
    # All three programmes of the fixture must be spent by the same date.
    assert ledger.lapse_alerts_send(today=spend_by - datetime.timedelta(days=20)) == 3
    assert ledger.lapse_alerts_send(today=spend_by - datetime.timedelta(days=10)) == 0
    assert Notification.objects.filter(recipient=reviewer, subject__contains="lapses").count() == 1
    assert (
        ledger.programme_lapse(
            programme_id=programmes.jiangsu.pk, today=spend_by - datetime.timedelta(days=1)
        )
        == 0
    )
    lapsed = ledger.programme_lapse(programme_id=programmes.jiangsu.pk, today=spend_by)
    assert lapsed == Decimal("950000.00")
    assert totals(programmes.jiangsu) == (
        Decimal("50000.00"),
        Decimal("50000.00"),
        Decimal("50000.00"),
        Decimal("0"),
    )
    programmes.jiangsu.refresh_from_db()
    assert programmes.jiangsu.lapsed == Decimal("950000.00")
    assert programmes.jiangsu.status == IncentiveProgramme.Status.LAPSED
    awarded.refresh_from_db()
    assert awarded.amount_awarded == Decimal("50000.00")
    assert ledger.programme_lapse(programme_id=programmes.jiangsu.pk, today=spend_by) == 0
    with pytest.raises(ValidationError):
        ledger.disbursement_record(actor=reviewer, application=awarded, amount="1.00")


def test_the_background_task_lapses_what_is_due(programmes):
    from iecommons.policy.tasks import lapse_programmes

    IncentiveProgramme.objects.filter(pk=programmes.guangdong.pk).update(
        spend_by=datetime.date(2020, 1, 1),
        deadline=datetime.date(2020, 1, 1),
        opens=datetime.date(2020, 1, 1),
    )
    assert lapse_programmes.call() == 1
    programmes.guangdong.refresh_from_db()
    assert programmes.guangdong.status == IncentiveProgramme.Status.LAPSED


def test_the_lapse_task_is_a_daily_periodic_job():
    from iecommons.common.schedule import periodic_jobs

    (job,) = [job for job in periodic_jobs() if job.name == "policy.lapse_programmes"]
    assert (job.task, job.every) == ("iecommons.policy.tasks.lapse_programmes", "day")
