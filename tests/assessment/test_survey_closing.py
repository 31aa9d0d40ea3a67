"""A survey closes after its last day (``closes_on``) by a daily task, and a closed
survey refuses answers."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from iecommons.accounts.models import Role
from iecommons.assessment.models import AssessmentCycle, Survey, SurveyInvitation, SurveyResponse
from iecommons.assessment.services import surveys
from iecommons.assessment.tasks import close_due_surveys
from iecommons.common.models import AuditEntry
from tests.assessment.conftest import indicator
from tests.factories import MembershipFactory, UserFactory, grant
from tests.fixtures import World


def _sent_survey(world: World, cycle: AssessmentCycle, closes_on: datetime.date):
    survey = surveys.survey_create(
        actor=world.supervisor,
        cycle=cycle,
        title="成员满意度调查",
        title_en="Member satisfaction",
        questions=[(indicator(cycle.framework, "D5.1"), "合作顺畅", "Cooperation runs smoothly")],
    )
    survey.closes_on = closes_on
    survey.save(update_fields=["closes_on"])
    person = UserFactory(username="late_rep")
    grant(
        person,
        Role.MEMBER,
        organization=MembershipFactory(community=world.community_a).organization,
    )
    surveys.survey_send(actor=world.supervisor, survey=survey)
    survey.refresh_from_db()
    return survey, SurveyInvitation.objects.get(survey=survey, user=person), person


def test_the_task_closes_a_survey_after_its_last_day_and_only_then(world, cycle):
    today = timezone.localdate()
    past, _invitation, _person = _sent_survey(world, cycle, today - datetime.timedelta(days=1))
    assert close_due_surveys.call() == [past.pk]
    past.refresh_from_db()
    assert past.status == Survey.Status.CLOSED
    assert AuditEntry.objects.filter(operation="survey_close_due", object_id=str(past.pk)).exists()
    assert close_due_surveys.call() == []


def test_a_survey_still_takes_answers_on_its_last_day(world, cycle):
    survey, _invitation, _person = _sent_survey(world, cycle, timezone.localdate())
    assert survey.accepts_answers
    assert close_due_surveys.call() == []


def test_an_answer_posted_after_the_closing_day_is_refused(world, cycle):
    last_day = timezone.localdate() - datetime.timedelta(days=1)
    survey, invitation, person = _sent_survey(world, cycle, last_day)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(person)
    question = survey.questions.get()
    response = client.post(
        reverse("assessment:survey_respond", kwargs={"pk": invitation.pk}),
        {f"question_{question.pk}": "5"},
        follow=True,
    )
    assert f"This survey closed on {last_day.isoformat()}" in response.content.decode()
    assert not SurveyResponse.objects.filter(survey=survey).exists()
