"""Results of a run, one per community, and the publication of a run's grades."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.models.cycles import AssessmentCycle
from iecommons.assessment.models.runs import EvaluationRun


class Result(models.Model):
    """A community's outcome in a run.

    ``dimension_scores``: ``{dimension_code: score}``; ``stability``: rank statistics of
    the sensitivity analysis (e.g. ``{"mean_rank", "rank_range", "probability_same"}``);
    ``weakest_indicators``: ``[{"code", "value", "peer_median", "gap"}]`` worst first.
    ``peer_group`` names the peers (same field and level) used for ``peer_rank``.
    """

    run = models.ForeignKey(
        EvaluationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="assessment_results",
    )
    score = models.FloatField(_("score"))
    grade = models.CharField(_("grade"), max_length=32)
    rank = models.PositiveIntegerField(_("rank"))
    peer_rank = models.PositiveIntegerField(_("rank among peers"), null=True, blank=True)
    peer_count = models.PositiveIntegerField(_("peers"), null=True, blank=True)
    peer_group = models.CharField(_("peer group"), max_length=100, blank=True)
    dimension_scores = models.JSONField(_("dimension scores"), default=dict)
    stability = models.JSONField(_("rank stability"), default=dict)
    weakest_indicators = models.JSONField(_("weakest indicators"), default=list)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["run", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "community"], name="result_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.community}: {self.score:.1f} ({self.grade})"


class Publication(models.Model):
    """The supervisor's publication of a run's grades; only then are they public."""

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    run = models.ForeignKey(
        EvaluationRun,
        verbose_name=_("run"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.cycle} · {timezone.localdate(self.published_at):%Y-%m-%d}"
