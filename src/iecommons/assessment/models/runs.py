"""Evaluation runs: an immutable snapshot, its methods and weights, its execution state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iecommons.assessment.models.cycles import AssessmentCycle
from iecommons.assessment.models.frameworks import IndicatorFramework


class EvaluationRun(models.Model):
    """An immutable evaluation: what went in, how it was computed, by whom, and its hash.

    Only ``status``, ``progress``, ``error``, ``started_at``, ``finished_at``,
    ``interruptions`` and ``cancelled_by`` change after creation (as the background job
    advances, loses its worker, or is cancelled by a supervisor). ``input_sha256`` is the SHA-256 of
    the canonical JSON of (snapshot, methods, weights, engine version); re-running the
    snapshot reproduces every number.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("evaluation run", "Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", pgettext_lazy("evaluation run", "Cancelled")

    cycle = models.ForeignKey(
        AssessmentCycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="runs"
    )
    framework = models.ForeignKey(
        IndicatorFramework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    framework_version = models.PositiveIntegerField(_("framework version"))
    methods = models.JSONField(_("methods"), default=dict)
    weights = models.JSONField(_("weights"), default=dict)
    imputation = models.CharField(_("imputation rule"), max_length=32, blank=True)
    snapshot = models.JSONField(_("input snapshot"), default=dict)
    engine_version = models.CharField(_("engine version"), max_length=32)
    input_sha256 = models.CharField(_("input SHA-256"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Added by the runs module: what the computation reported besides the results
    # (excluded communities, imputed values, peer medians per dimension, sensitivity seed).
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    # How many times the worker computing it stopped (killed, out of memory) before the end.
    interruptions = models.PositiveSmallIntegerField(_("worker interruptions"), default=0)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="run_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · #{self.pk}"
