"""Survey writes: create a Likert questionnaire, send it to member representatives,
record one anonymous response per representative, feed the survey indicators.

Anonymity: a response stores only an HMAC token of (survey, community, user) under the
platform's survey secret (generated once, kept out of the database and apart from
``SECRET_KEY``), and the invitation only a ``responded`` flag. The token enforces one
response per representative (unique constraint) without naming anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iecommons.accounts import selectors as account_selectors
from iecommons.assessment.models import (
    AssessmentCycle,
    Indicator,
    IndicatorValue,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common import audit, notifications
from iecommons.common.platform_secrets import survey_anonymity_key
from iecommons.common.services import refuse
from iecommons.registry.models import Membership, Organization

LIKERT = (1, 2, 3, 4, 5)


def likert_to_score(mean: float) -> float:
    """Map a mean Likert answer (1–5) to 0–100."""
    return round((mean - 1.0) * 25.0, 4)


def respondent_token(*, survey_id: int, community_id: int, user_id: int) -> str:
    message = f"survey:{survey_id}:community:{community_id}:user:{user_id}".encode()
    return hmac.new(survey_anonymity_key(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    cycle: AssessmentCycle,
    title: str,
    title_en: str = "",
    introduction: str = "",
    audience: str = Survey.Audience.ALL,
    questions: Sequence[tuple[Indicator, str, str]],
) -> Survey:
    """A draft survey; ``questions`` are ``(indicator, text_zh, text_en)``."""
    require(rules.can_manage_surveys(actor, cycle))
    if not title.strip():
        raise refuse("title", _("Give the survey a title."))
    if audience not in Survey.Audience.values:
        raise refuse("audience", _("Choose one of the offered audiences."))
    if not questions:
        raise refuse("questions", _("Add at least one question."))
    for number, (indicator, text, _text_en) in enumerate(questions, start=1):
        if indicator.framework_id != cycle.framework_id or indicator.source != "survey":
            raise refuse(
                "questions",
                _("Question %(number)d: map it to a survey indicator of the cycle.")
                % {"number": number},
            )
        if not text.strip():
            raise refuse("questions", _("Question %(number)d has no text.") % {"number": number})
    survey = Survey.objects.create(
        cycle=cycle,
        title=title.strip(),
        title_en=title_en.strip(),
        introduction=introduction.strip(),
        audience=audience,
        created_by=actor,
    )
    SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(
                survey=survey,
                indicator=indicator,
                text=text.strip(),
                text_en=text_en.strip(),
                order=order,
            )
            for order, (indicator, text, text_en) in enumerate(questions, start=1)
        ]
    )
    audit.record(actor=actor, instance=survey, operation="survey_create")
    return survey


def _audience_filter(survey: Survey) -> dict[str, Any]:
    if survey.audience == Survey.Audience.ENTERPRISES:
        return {"organization__type": Organization.Type.ENTERPRISE}
    return {}


@transaction.atomic
def survey_send(*, actor: Any, survey: Survey) -> int:
    """Invite the representatives of the active member organisations of every community of
    the cycle (filtered by the survey's audience) and notify them; return how many."""
    survey = Survey.objects.select_for_update().select_related("cycle").get(pk=survey.pk)
    require(rules.can_manage_surveys(actor, survey.cycle))
    if survey.status != Survey.Status.DRAFT:
        raise refuse("status", _("This survey has already been sent."))
    memberships = Membership.objects.filter(
        community__in=survey.cycle.communities.all(), left__isnull=True, **_audience_filter(survey)
    )
    if survey.audience == Survey.Audience.OTHERS:
        memberships = memberships.exclude(organization__type=Organization.Type.ENTERPRISE)
    by_organization: dict[int, list[int]] = {}
    for community_id, organization_id in memberships.values_list("community_id", "organization_id"):
        by_organization.setdefault(organization_id, []).append(community_id)
    representatives = account_selectors.representative_roles(by_organization)
    invitations = [
        SurveyInvitation(
            survey=survey,
            community_id=community_id,
            organization_id=assignment.organization_id or 0,
            user=assignment.user,
        )
        for assignment in representatives
        for community_id in by_organization[assignment.organization_id or 0]
    ]
    SurveyInvitation.objects.bulk_create(invitations, ignore_conflicts=True)
    before = audit.snapshot(survey)
    survey.status = Survey.Status.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    audit.record(actor=actor, instance=survey, operation="survey_send", before=before)
    notifications.notify(
        recipients=[invitation.user for invitation in invitations],
        subject=_("Survey: %(title)s") % {"title": survey.display_title},
        body=_("Please answer the satisfaction survey of the assessment cycle."),
        link=reverse("assessment:my_surveys"),
    )
    return len(invitations)


@transaction.atomic
def survey_close(*, actor: Any, survey: Survey) -> Survey:
    require(rules.can_manage_surveys(actor, survey.cycle))
    before = audit.snapshot(survey)
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    audit.record(actor=actor, instance=survey, operation="survey_close", before=before)
    return survey


def survey_closed_message(survey: Survey) -> str:
    if survey.closes_on is not None:
        return _("This survey closed on %(date)s; it takes no more answers.") % {
            "date": survey.closes_on.isoformat()
        }
    return _("This survey is closed; it takes no more answers.")


def surveys_close_due() -> list[int]:
    """Close every open survey whose last day (``closes_on``) has passed; the ids closed.

    Run daily by the ``close_surveys`` task; closing is idempotent and audited (no actor:
    the calendar closed it)."""
    closed: list[int] = []
    due = Survey.objects.filter(
        status=Survey.Status.OPEN, closes_on__lt=timezone.localdate()
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            survey = Survey.objects.select_for_update().get(pk=pk)
            if survey.status != Survey.Status.OPEN:
                continue
            before = audit.snapshot(survey)
            survey.status = Survey.Status.CLOSED
            survey.save(update_fields=["status"])
            audit.record(actor=None, instance=survey, operation="survey_close_due", before=before)
            closed.append(pk)
    return closed


@transaction.atomic
def survey_respond(
    *, actor: Any, invitation: SurveyInvitation, answers: Mapping[int, Any]
) -> SurveyResponse:
    """Record the representative's answers (every question, each 1–5), once."""
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("survey", "organization")
        .get(pk=invitation.pk)
    )
    survey = invitation.survey
    if invitation.user_id == getattr(actor, "pk", None) and not survey.accepts_answers:
        raise refuse("answers", survey_closed_message(survey))
    require(rules.can_respond(actor, invitation))
    token = respondent_token(
        survey_id=survey.pk, community_id=invitation.community_id, user_id=actor.pk
    )
    if (
        invitation.responded
        or SurveyResponse.objects.filter(
            survey=survey, community_id=invitation.community_id, respondent_token=token
        ).exists()
    ):
        raise refuse("answers", _("You have already answered this survey."))
    cleaned: dict[str, int] = {}
    for question in survey.questions.order_by("order", "id"):
        raw = answers.get(question.pk)
        try:
            answer = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            answer = 0
        if answer not in LIKERT:
            raise refuse(
                f"question_{question.pk}",
                _("Answer “%(question)s” with 1 to 5.") % {"question": question.display_text},
            )
        cleaned[str(question.pk)] = answer
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                community_id=invitation.community_id,
                respondent_token=token,
                organization_type=invitation.organization.type,
                answers=cleaned,
                submitted_on=timezone.localdate(),
            )
    except IntegrityError:
        raise refuse("answers", _("You have already answered this survey.")) from None
    invitation.responded = True
    invitation.save(update_fields=["responded"])
    # The audit names no respondent: the actor is left out on purpose.
    audit.record(actor=None, instance=response, operation="survey_respond")
    survey_values_update(survey=survey, community_id=invitation.community_id)
    return response


def survey_values_update(*, survey: Survey, community_id: int) -> list[IndicatorValue]:
    """Set each survey indicator of the community to the mean answer mapped to 0–100."""
    questions = list(survey.questions.all())
    responses = list(
        SurveyResponse.objects.filter(survey=survey, community_id=community_id).values_list(
            "answers", flat=True
        )
    )
    written = []
    by_indicator: dict[int, list[int]] = {}
    for question in questions:
        by_indicator.setdefault(question.indicator_id, []).append(question.pk)
    for indicator_id, question_ids in by_indicator.items():
        answers = [
            answer[str(qid)] for answer in responses for qid in question_ids if str(qid) in answer
        ]
        if not answers:
            continue
        mean = statistics.fmean(answers)
        value, _created = IndicatorValue.objects.get_or_create(
            cycle_id=survey.cycle_id, community_id=community_id, indicator_id=indicator_id
        )
        value.value = likert_to_score(mean)
        value.status = IndicatorValue.Status.DERIVED
        value.trace = {
            "survey": survey.pk,
            "title": survey.title,
            "responses": len(responses),
            "mean_answer": round(mean, 4),
            "mapping": "(mean - 1) * 25",
        }
        value.submitted_at = timezone.now()
        value.save()
        written.append(value)
    return written
