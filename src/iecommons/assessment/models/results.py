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


class PublicationQuerySet(models.QuerySet["Publication"]):
    def current(self) -> PublicationQuerySet:
        """Publications in force: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> PublicationQuerySet:
        return self.filter(withdrawn_at__isnull=False)


class Publication(models.Model):
    """The supervisor's publication of a run's grades; only then are they public.

    A publication found wrong is **withdrawn** by a supervisor of its cycle with a reason
    (``withdrawn_at``, ``withdrawn_by``, ``withdrawal_reason``): the row stays, the grades
    stop being public, the cycle's previous publication in force (if any) is shown again,
    and the public page says that a correction was made, when, and why.
    """

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
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.cycle} · {timezone.localdate(self.published_at):%Y-%m-%d}"
