"""Rectification tasks raised from a community's weakest indicators."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iecommons.assessment.models.cycles import AssessmentCycle
from iecommons.assessment.models.frameworks import Indicator
from iecommons.assessment.models.runs import EvaluationRun


class RectificationTask(models.Model):
    """A task for a community to improve a weak indicator, tracked to completion.

    ``baseline_value`` is the value in the run that raised it; ``outcome_value`` and
    ``outcome_change`` are filled from the next cycle's value of the same indicator code.
    """

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("rectification status", "Open")
        DONE = "done", pgettext_lazy("rectification status", "Done")
        OVERDUE = "overdue", pgettext_lazy("rectification status", "Overdue")

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="rectification_tasks",
    )
    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="rectification_tasks",
    )
    run = models.ForeignKey(
        EvaluationRun,
        verbose_name=_("run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_tasks",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="rectification_tasks",
    )
    description = models.TextField(_("description"))
    deadline = models.DateField(_("deadline"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_tasks",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    evidence = models.FileField(
        _("evidence"), upload_to="rectification/", max_length=300, blank=True
    )
    evidence_note = models.TextField(_("what was done"), blank=True)
    baseline_value = models.FloatField(_("value when raised"), null=True, blank=True)
    # Added by the runs module: the peers' median when the task was raised.
    peer_median = models.FloatField(_("peer median when raised"), null=True, blank=True)
    outcome_cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("next cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_value = models.FloatField(_("value in the next cycle"), null=True, blank=True)
    outcome_change = models.FloatField(_("change"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.community} · {self.indicator.code}"
