"""Writes to programmes and applications: open a programme, apply, review, decide, appeal.

Eligibility is judged at submission from the platform's facts and the conditions stored
on the programme; the applicant's explanation is kept with the application. Awards commit
money through :mod:`iecommons.policy.services.ledger`, under the programme's row lock.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.authz import policy as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.money import format_money
from iecommons.common.services import refuse
from iecommons.common.uploads import EVIDENCE
from iecommons.policy.eligibility import ConditionError, check_conditions
from iecommons.policy.models import Application, ApplicationDocument, IncentiveProgramme, Review
from iecommons.policy.money import money
from iecommons.policy.selectors.facts import evaluate_candidates, gather_facts
from iecommons.policy.services.ledger import commit_award
from iecommons.registry.models import Community, Membership, Organization, Region


def programme_conditions(raw: Any) -> list[dict[str, Any]]:
    """Check conditions as data; a refusal names the condition and what is wrong with it."""
    try:
        return [condition.as_dict() for condition in check_conditions(raw)]
    except ConditionError as error:
        raise refuse("conditions", _("Condition %(problem)s") % {"problem": str(error)}) from None


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    title: str,
    kind: str,
    jurisdiction: Region | None,
    budget: Any,
    opens: datetime.date,
    deadline: datetime.date,
    spend_by: datetime.date,
    conditions: Any = (),
    description: str = "",
    max_award: Any = None,
    status: str = IncentiveProgramme.Status.OPEN,
) -> IncentiveProgramme:
    """Open a programme for a jurisdiction the actor supervises."""
    require(rules.can_open_programme(actor, jurisdiction))
    if not title.strip():
        raise refuse("title", _("Give the programme a title."))
    if kind not in IncentiveProgramme.Kind.values:
        raise refuse("kind", _("Choose a kind of support from the list."))
    amount = money(budget, "budget")
    if deadline < opens:
        raise refuse("deadline", _("The application deadline must not be before the opening."))
    if spend_by < deadline:
        raise refuse("spend_by", _("Funds cannot have to be spent before applications close."))
    largest = None if max_award in (None, "") else money(max_award, "max_award")
    programme = IncentiveProgramme.objects.create(
        title=title.strip(),
        kind=kind,
        jurisdiction=jurisdiction,
        description=description,
        status=status,
        opens=opens,
        deadline=deadline,
        spend_by=spend_by,
        max_award=largest,
        conditions=programme_conditions(list(conditions)),
        original_budget=amount,
        budget=amount,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor=actor, instance=programme, operation="programme_create")
    return programme


@transaction.atomic
def programme_close(*, actor: Any, programme: IncentiveProgramme) -> IncentiveProgramme:
    """Stop taking applications (the decisions and the ledger go on until spend-by)."""
    require(rules.can_manage_programme(actor, programme))
    programme = IncentiveProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.status not in (IncentiveProgramme.Status.DRAFT, IncentiveProgramme.Status.OPEN):
        raise refuse("status", _("Only a draft or an open programme can be closed."))
    before = audit.snapshot(programme)
    programme.status = IncentiveProgramme.Status.CLOSED
    programme.save(update_fields=["status"])
    audit.record(actor=actor, instance=programme, operation="programme_close", before=before)
    return programme


def eligibility_for(
    programme: IncentiveProgramme, organization: Organization, community: Community
) -> tuple[bool, list[dict[str, Any]]]:
    """Whether the organisation, applying through ``community``, meets the programme's
    conditions, with one explanation row per condition."""
    memberships = Membership.objects.filter(
        organization=organization, community=community, left__isnull=True
    )
    candidates = gather_facts(memberships)
    if not len(candidates):
        return False, []
    evaluation = evaluate_candidates(check_conditions(programme.conditions), candidates)
    return bool(evaluation.eligible[0]), evaluation.explain(0)


def _in_jurisdiction(programme: IncentiveProgramme, community: Community) -> bool:
    region = programme.jurisdiction
    if region is None:
        return True
    return region.pk in (community.province_id, community.region_id)


@transaction.atomic
def application_submit(
    *,
    actor: Any,
    programme: IncentiveProgramme,
    organization: Organization,
    community: Community,
    amount_requested: Any,
    purpose: str,
    today: datetime.date | None = None,
) -> Application:
    """Apply on behalf of an organisation the actor represents."""
    require(rules.can_apply_for(actor, organization))
    today = today or timezone.localdate()
    programme = IncentiveProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != IncentiveProgramme.Status.OPEN or today < programme.opens:
        raise refuse("programme", _("The programme is not open for applications."))
    if today > programme.deadline:
        raise refuse(
            "programme",
            _("The application deadline passed on %(date)s.") % {"date": programme.deadline},
        )
    amount = money(amount_requested, "amount_requested")
    if programme.max_award is not None and amount > programme.max_award:
        raise refuse(
            "amount_requested",
            _("The programme awards at most %(amount)s CNY.")
            % {"amount": format_money(programme.max_award)},
        )
    if amount > programme.available:
        raise refuse(
            "amount_requested",
            _("Only %(amount)s CNY of the budget is still available.")
            % {"amount": format_money(programme.available)},
        )
    if not purpose.strip():
        raise refuse("purpose", _("Say what the support is for."))
    if not _in_jurisdiction(programme, community):
        raise refuse("community", _("The community is outside the programme's jurisdiction."))
    if Application.objects.filter(programme=programme, organization=organization).exists():
        raise refuse("programme", _("This organisation has already applied to the programme."))
    if not Membership.objects.filter(
        organization=organization, community=community, left__isnull=True
    ).exists():
        raise refuse("community", _("The organisation is not an active member of the community."))
    eligible, explanation = eligibility_for(programme, organization, community)
    if not eligible:
        raise refuse(
            "programme",
            _("The organisation does not meet the conditions: %(failed)s.")
            % {"failed": ", ".join(row["fact"] for row in explanation if not row["passed"])},
        )
    application = Application.objects.create(
        programme=programme,
        organization=organization,
        community=community,
        amount_requested=amount,
        purpose=purpose.strip(),
        eligibility=explanation,
        submitted_by=actor,
    )
    audit.record(actor=actor, instance=application, operation="application_submit")
    return application


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("programme").get(pk=application.pk)
    )


@transaction.atomic
def application_review(*, actor: Any, application: Application, score: Any, reason: str) -> Review:
    """A supervisor of the programme scores the application (0–100) and says why."""
    require(rules.can_review(actor, application))
    application = _locked(application)
    if application.status not in Application.OPEN_STATES:
        raise refuse("status", _("Only an open application can be reviewed."))
    try:
        points = int(score)
    except (TypeError, ValueError):
        raise refuse("score", _("The score is a whole number from 0 to 100.")) from None
    if not 0 <= points <= 100 or str(score).strip() not in (str(points), f"{points}.0"):
        raise refuse("score", _("The score is a whole number from 0 to 100."))
    if not reason.strip():
        raise refuse("reason", _("Give the reason for the score."))
    review, created = Review.objects.get_or_create(
        application=application,
        reviewer=actor,
        defaults={"score": points, "reason": reason.strip()},
    )
    if not created:
        before = audit.snapshot(review)
        review.score, review.reason = points, reason.strip()
        review.save(update_fields=["score", "reason"])
        audit.record(actor=actor, instance=review, operation="application_review", before=before)
    else:
        audit.record(actor=actor, instance=review, operation="application_review")
    if application.status == Application.Status.SUBMITTED:
        before = audit.snapshot(application)
        application.status = Application.Status.UNDER_REVIEW
        application.save(update_fields=["status"])
        audit.record(
            actor=actor, instance=application, operation="application_review", before=before
        )
    return review


@transaction.atomic
def application_decide(
    *, actor: Any, application: Application, award: bool, amount: Any = None, reason: str
) -> Application:
    """Award (committing the amount from the fund) or reject; after an appeal, the final
    decision. At least one review must be on file, and a reason is always given."""
    require(rules.can_review(actor, application))
    application = _locked(application)
    appeal = application.status == Application.Status.APPEALED
    if application.status not in Application.OPEN_STATES:
        raise refuse("status", _("The application has already been decided."))
    if not application.reviews.exists():
        raise refuse("status", _("Review the application before deciding it."))
    if not reason.strip():
        raise refuse("reason", _("Give the reason for the decision."))
    before = audit.snapshot(application)
    if award:
        granted = money(amount, "amount")
        if granted > application.amount_requested:
            raise refuse("amount", _("The award cannot exceed the amount requested."))
        commit_award(actor=actor, application=application, amount=granted)
        application.amount_awarded = granted
        application.status = Application.Status.AWARDED
    else:
        application.status = (
            Application.Status.APPEAL_REJECTED if appeal else Application.Status.REJECTED
        )
    application.decision_reason = reason.strip()
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "amount_awarded", "decision_reason", "decided_at"])
    audit.record(actor=actor, instance=application, operation="application_decide", before=before)
    return application


@transaction.atomic
def application_appeal(*, actor: Any, application: Application, reason: str) -> Application:
    """The applicant appeals a rejection, once."""
    require(rules.can_appeal(actor, application))
    application = _locked(application)
    if application.appealed_at is not None:
        raise refuse("status", _("An application can be appealed only once."))
    if application.status != Application.Status.REJECTED:
        raise refuse("status", _("Only a rejected application can be appealed."))
    if not reason.strip():
        raise refuse("reason", _("Give the grounds of the appeal."))
    before = audit.snapshot(application)
    application.status = Application.Status.APPEALED
    application.appeal_reason = reason.strip()
    application.appealed_at = timezone.now()
    application.save(update_fields=["status", "appeal_reason", "appealed_at"])
    audit.record(actor=actor, instance=application, operation="application_appeal", before=before)
    return application


@transaction.atomic
def application_document_add(
    *, actor: Any, application: Application, title: str, file: UploadedFile
) -> ApplicationDocument:
    """Attach a supporting document to an undecided application (through the upload
    policy: the file is judged by its content, never by its name or claimed type)."""
    require(rules.can_add_application_document(actor, application))
    application = _locked(application)
    if application.status not in Application.OPEN_STATES:
        raise refuse("file", _("Documents can be added only while the application is undecided."))
    name = (title or "").strip() or os.path.basename(file.name or "")
    if not name:
        raise refuse("title", _("Give the document a title."))
    content_type = EVIDENCE.check(file, field="file").content_type
    document = ApplicationDocument(
        application=application,
        title=name[:200],
        original_name=os.path.basename(file.name or "")[:255],
        content_type=content_type,
        size=file.size or 0,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    document.file.save(file.name or "document", file, save=False)
    document.save()
    audit.record(actor=actor, instance=document, operation="application_document_add")
    return document


@transaction.atomic
def application_withdraw(*, actor: Any, application: Application) -> Application:
    """The applicant withdraws an application not yet decided."""
    require(rules.can_appeal(actor, application))
    application = _locked(application)
    if application.status not in Application.OPEN_STATES:
        raise refuse("status", _("Only an undecided application can be withdrawn."))
    before = audit.snapshot(application)
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    audit.record(actor=actor, instance=application, operation="application_withdraw", before=before)
    return application
