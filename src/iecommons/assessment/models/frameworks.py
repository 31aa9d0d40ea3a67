"""Indicator frameworks: a versioned tree of dimensions and indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class IndicatorFramework(models.Model):
    """A versioned tree of dimensions and indicators.

    A draft may be edited; a framework becomes frozen when a cycle uses it, and a change
    to a frozen framework is made on a new version (a copy whose ``parent`` is the old one).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FROZEN = "frozen", _("Frozen")

    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="framework_unique_name_version",
                violation_error_message=_("This framework version already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} v{self.version}"

    @property
    def display_name(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.FROZEN


class Indicator(models.Model):
    """A node of a framework: a dimension (no parent) or an indicator under a dimension.

    Only leaves carry values. ``formula`` names a derived formula in
    :mod:`iecommons.assessment.formulas`. ``grade_boundaries`` are three values in the
    indicator's unit separating fail | pass | good | excellent (ascending; for a
    lower-is-better indicator read downward); fuzzy grading uses them as the centres of
    its triangular grades. Empty means "grade on the normalised score only".
    """

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Source(models.TextChoices):
        DERIVED = "derived", _("Derived from platform records")
        SUBMITTED = "submitted", _("Submitted with evidence")
        SURVEY = "survey", _("Survey")
        EXPERT = "expert", _("Expert score")

    framework = models.ForeignKey(
        IndicatorFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("dimension"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=32)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    definition = models.TextField(_("definition (Chinese)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit (Chinese)"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.SUBMITTED
    )
    formula = models.CharField(_("formula"), max_length=64, blank=True)
    min_value = models.FloatField(_("lowest valid value"), null=True, blank=True)
    max_value = models.FloatField(_("highest valid value"), null=True, blank=True)
    grade_boundaries = models.JSONField(_("grade boundaries"), default=list, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Its values are left out of the public copy of a published run's snapshot; "
            "the run's supervisors download them in full."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="indicator_unique_code_per_framework",
                violation_error_message=_("This code is already used in the framework."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="indicator_range_ordered",
                violation_error_message=_("The highest valid value is below the lowest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh

    @property
    def unit_label(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.unit_en:
            return self.unit_en
        return self.unit

    @property
    def definition_text(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.definition_en:
            return self.definition_en
        return self.definition

    @property
    def is_dimension(self) -> bool:
        return self.parent_id is None
