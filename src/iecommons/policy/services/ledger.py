"""The fund ledger of a programme: commit, disburse, return, lapse.

Every movement takes the programme's row lock first (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite runs write transactions one at a time), re-reads the totals, checks
the invariants — budget = committed + available with available >= 0, and
disbursed <= committed — writes one append-only :class:`FundMovement`, updates the
totals, and audits both in the same transaction. Database constraints back the same
inequalities, so even a bypassing write could not break them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.money import format_money
from iecommons.common.notifications import notify
from iecommons.common.services import refuse
from iecommons.policy.models import Application, FundMovement, IncentiveProgramme
from iecommons.policy.money import money

#: How many days before the spend-by date a programme with unspent money raises an alert.
LAPSE_ALERT_DAYS = 30


def _lock(programme_id: int) -> IncentiveProgramme:
    return IncentiveProgramme.objects.select_for_update().get(pk=programme_id)


def _move(
    *,
    actor: Any,
    programme: IncentiveProgramme,
    kind: str,
    amount: Decimal,
    application: Application | None = None,
    note: str = "",
) -> FundMovement:
    movement = FundMovement.objects.create(
        programme=programme,
        application=application,
        kind=kind,
        amount=amount,
        note=note[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, instance=movement, operation=f"fund_{kind}")
    return movement


def commit_award(*, actor: Any, application: Application, amount: Decimal) -> FundMovement:
    """Commit an award from the programme's available money (called by the decision)."""
    programme = _lock(application.programme_id)
    if programme.status == IncentiveProgramme.Status.LAPSED:
        raise refuse("amount", _("The programme's funds have lapsed."))
    if amount > programme.available:
        raise refuse(
            "amount",
            _("Only %(amount)s CNY of the budget is still available.")
            % {"amount": format_money(programme.available)},
        )
    before = audit.snapshot(programme)
    programme.committed = F("committed") + amount
    programme.save(update_fields=["committed"])
    programme.refresh_from_db(fields=["committed"])
    audit.record(actor=actor, instance=programme, operation="fund_commit", before=before)
    return _move(
        actor=actor,
        programme=programme,
        kind=FundMovement.Kind.COMMIT,
        amount=amount,
        application=application,
    )


@transaction.atomic
def disbursement_record(
    *, actor: Any, application: Application, amount: Any, note: str = ""
) -> FundMovement:
    """Pay out part of an award; never more than what is committed and not yet paid."""
    require(rules.can_review(actor, application))
    paid = money(amount, "amount")
    programme = _lock(application.programme_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.AWARDED:
        raise refuse("amount", _("Only an awarded application can be paid."))
    remaining = application.amount_awarded - application.amount_disbursed
    if paid > remaining:
        raise refuse(
            "amount",
            _("Only %(amount)s CNY of this award is committed and not yet disbursed.")
            % {"amount": format_money(remaining)},
        )
    before_programme, before_application = audit.snapshot(programme), audit.snapshot(application)
    programme.disbursed = F("disbursed") + paid
    programme.save(update_fields=["disbursed"])
    application.amount_disbursed = F("amount_disbursed") + paid
    application.save(update_fields=["amount_disbursed"])
    programme.refresh_from_db(fields=["disbursed"])
    application.refresh_from_db(fields=["amount_disbursed"])
    audit.record(
        actor=actor, instance=programme, operation="fund_disburse", before=before_programme
    )
    audit.record(
        actor=actor, instance=application, operation="fund_disburse", before=before_application
    )
    return _move(
        actor=actor,
        programme=programme,
        kind=FundMovement.Kind.DISBURSE,
        amount=paid,
        application=application,
        note=note,
    )


@transaction.atomic
def fund_return(
    *, actor: Any, application: Application, amount: Any, note: str = ""
) -> FundMovement:
    """Money paid out comes back: it leaves the award and becomes available again."""
    require(rules.can_review(actor, application))
    back = money(amount, "amount")
    programme = _lock(application.programme_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if back > application.amount_disbursed:
        raise refuse(
            "amount",
            _("Only %(amount)s CNY was disbursed to this applicant.")
            % {"amount": format_money(application.amount_disbursed)},
        )
    before_programme, before_application = audit.snapshot(programme), audit.snapshot(application)
    application.amount_disbursed -= back
    application.amount_awarded -= back
    application.save(update_fields=["amount_disbursed", "amount_awarded"])
    programme.disbursed -= back
    programme.committed -= back
    programme.returned += back
    programme.save(update_fields=["disbursed", "committed", "returned"])
    audit.record(actor=actor, instance=programme, operation="fund_return", before=before_programme)
    audit.record(
        actor=actor, instance=application, operation="fund_return", before=before_application
    )
    return _move(
        actor=actor,
        programme=programme,
        kind=FundMovement.Kind.RETURN,
        amount=back,
        application=application,
        note=note,
    )


@transaction.atomic
def programme_lapse(*, programme_id: int, today: datetime.date | None = None) -> Decimal:
    """On the spend-by date, whatever is not disbursed lapses: the uncommitted budget and
    the committed-but-unpaid part of every award. Returns the amount lapsed (0 if nothing
    was due). Run by the background task; idempotent."""
    today = today or timezone.localdate()
    programme = _lock(programme_id)
    if programme.status == IncentiveProgramme.Status.LAPSED or today < programme.spend_by:
        return Decimal("0")
    amount = programme.budget - programme.disbursed
    before = audit.snapshot(programme)
    for application in Application.objects.select_for_update().filter(
        programme=programme, amount_awarded__gt=F("amount_disbursed")
    ):
        application_before = audit.snapshot(application)
        application.amount_awarded = application.amount_disbursed
        application.save(update_fields=["amount_awarded"])
        audit.record(
            actor=None, instance=application, operation="fund_lapse", before=application_before
        )
    programme.committed = programme.disbursed
    programme.budget = programme.disbursed
    programme.lapsed += amount
    programme.status = IncentiveProgramme.Status.LAPSED
    programme.save(update_fields=["committed", "budget", "lapsed", "status"])
    audit.record(actor=None, instance=programme, operation="fund_lapse", before=before)
    if amount > 0:
        _move(
            actor=None,
            programme=programme,
            kind=FundMovement.Kind.LAPSE,
            amount=amount,
            note=_("Not disbursed by %(date)s.") % {"date": programme.spend_by},
        )
    return amount


def lapse_due(today: datetime.date | None = None) -> list[int]:
    """Programmes whose spend-by date has come and that have not lapsed yet."""
    today = today or timezone.localdate()
    return list(
        IncentiveProgramme.objects.filter(spend_by__lte=today)
        .exclude(status=IncentiveProgramme.Status.LAPSED)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def lapse_alerts_send(*, today: datetime.date | None = None) -> int:
    """Alert the owner of each programme whose money will lapse within
    :data:`LAPSE_ALERT_DAYS` days with some of it not yet disbursed; once per programme."""
    today = today or timezone.localdate()
    due = (
        # Lock the programmes only: PostgreSQL cannot lock the nullable side of the join
        # that brings their creator along.
        IncentiveProgramme.objects.select_for_update(of=("self",))
        .filter(
            spend_by__gt=today,
            spend_by__lte=today + datetime.timedelta(days=LAPSE_ALERT_DAYS),
            lapse_alerted_on__isnull=True,
            budget__gt=F("disbursed"),
        )
        .exclude(status=IncentiveProgramme.Status.LAPSED)
        .select_related("created_by")
    )
    count = 0
    for programme in due:
        notify(
            recipients=[programme.created_by],
            subject=_("%(amount)s CNY of %(programme)s lapses on %(date)s")
            % {
                "amount": format_money(programme.budget - programme.disbursed),
                "programme": programme.title,
                "date": programme.spend_by,
            },
            body=_("Disburse the committed awards before the date, or the money lapses."),
        )
        before = audit.snapshot(programme)
        programme.lapse_alerted_on = today
        programme.save(update_fields=["lapse_alerted_on"])
        audit.record(actor=None, instance=programme, operation="lapse_alert", before=before)
        count += 1
    return count
