"""Surveys of member organisations: questions, invitations, anonymous responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.models.cycles import AssessmentCycle
from iecommons.assessment.models.frameworks import Indicator


class Survey(models.Model):
    """A Likert questionnaire of a cycle, sent to the representatives of member organisations.

    Its questions map to survey indicators; the mean answer (1–5) of a community's
    respondents, mapped to 0–100 as ``(mean - 1) * 25``, becomes the indicator's value.
    """

    class Audience(models.TextChoices):
        ALL = "all", _("All member organisations")
        ENTERPRISES = "enterprises", _("Member enterprises")
        OTHERS = "others", _("Member schools and other organisations")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("survey status", "Open")
        CLOSED = "closed", pgettext_lazy("survey status", "Closed")

    cycle = models.ForeignKey(
        AssessmentCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["cycle", "created_at"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def accepts_answers(self) -> bool:
        """Open, and ``closes_on`` (the last day answers are taken) not yet past."""
        if self.status != self.Status.OPEN:
            return False
        return self.closes_on is None or timezone.localdate() <= self.closes_on


class SurveyQuestion(models.Model):
    """A Likert item (1 = strongly disagree … 5 = strongly agree) mapped to an indicator."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="survey_questions",
    )
    text = models.CharField(_("question (Chinese)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "id"]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.text_en:
            return self.text_en
        return self.text


class SurveyInvitation(models.Model):
    """A survey sent to one representative about one community.

    It knows *whether* the representative answered (for the response rate), never *what*:
    the response carries only an HMAC token of (survey, community, user), so neither the
    community's staff nor a database reader joining the two tables can tell who answered
    what. ``responded`` is a flag, not a timestamp, so times cannot be matched either.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representative"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    responded = models.BooleanField(_("responded"), default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "community", "user"],
                name="survey_invitation_once",
                violation_error_message=_("This representative is already invited."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.user}"


class SurveyResponse(models.Model):
    """One anonymous response: answers by question id, and the respondent only as a token.

    ``respondent_token`` is an HMAC of the survey, community and user under the site's
    secret key; the unique constraint makes it one response per representative.
    ``organization_type`` is kept (enterprise or not) to split satisfaction by audience.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    respondent_token = models.CharField(_("respondent token"), max_length=64)
    organization_type = models.CharField(_("organisation type"), max_length=32, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "community", "respondent_token"],
                name="survey_response_one_per_representative",
                violation_error_message=_("You have already answered this survey."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.community}"
