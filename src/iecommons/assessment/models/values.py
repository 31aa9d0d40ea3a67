"""Indicator values of a community in a cycle, their evidence and expert scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.models.cycles import AssessmentCycle
from iecommons.assessment.models.frameworks import Indicator


class IndicatorValue(models.Model):
    """The value of one indicator for one community in one cycle, and where it came from.

    ``trace`` lists the records a derived value was computed from:
    ``{"formula": key, "records": [{"model": ..., "id": ..., "label": ...}], ...}``.
    """

    class Status(models.TextChoices):
        MISSING = "missing", _("Missing")
        DERIVED = "derived", _("Derived")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        VERIFIED = "verified", _("Verified")
        IMPUTED = "imputed", _("Imputed")

    cycle = models.ForeignKey(
        AssessmentCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="values"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MISSING, db_index=True
    )
    trace = models.JSONField(_("trace"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["cycle", "community", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "community", "indicator"],
                name="indicator_value_once_per_cycle_community",
                violation_error_message=_("This indicator already has a value."),
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.community} · {self.value}"

    @property
    def is_late(self) -> bool:
        """Submitted after the cycle's submission deadline."""
        if self.submitted_at is None:
            return False
        # The deadline is a day in Beijing: 00:30 on the next day there is late, in UTC it is not.
        return timezone.localdate(self.submitted_at) > self.cycle.submission_deadline


def evidence_path(instance: Evidence, filename: str) -> str:
    value = instance.value
    return f"assessment/{value.cycle_id}/{value.community_id}/{value.indicator_id}/{filename}"


class Evidence(models.Model):
    """A file supporting a submitted value (pdf, docx, xlsx, png or jpg; size-limited)."""

    value = models.ForeignKey(
        IndicatorValue,
        verbose_name=_("value"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["value", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ExpertScore(models.Model):
    """One expert's 0–100 score of an expert-scored indicator for a community; the
    indicator's value is the mean of the experts' scores."""

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="expert_scores",
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.FloatField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    class Meta:
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "community", "indicator", "expert"],
                name="expert_score_once",
                violation_error_message=_("You have already scored this indicator."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100),
                name="expert_score_0_100",
                violation_error_message=_("A score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.community}: {self.score}"
