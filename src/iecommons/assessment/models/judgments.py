"""Experts' pairwise (AHP) judgments of the framework's nodes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.models.cycles import AssessmentCycle
from iecommons.assessment.models.frameworks import Indicator


class ExpertJudgment(models.Model):
    """One expert's AHP pairwise comparison of the children of a node.

    ``node`` is a dimension (comparing its indicators) or none (the framework root,
    comparing the dimensions). ``criteria`` holds the compared codes in matrix order.
    """

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="judgments",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="judgments",
    )
    node = models.ForeignKey(
        Indicator,
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="judgments",
    )
    criteria = models.JSONField(_("compared codes"), default=list)
    matrix = models.JSONField(_("pairwise matrix"), default=list)
    consistency_ratio = models.FloatField(_("consistency ratio"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    class Meta:
        verbose_name = _("expert judgment")
        verbose_name_plural = _("expert judgments")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "expert", "node"],
                name="judgment_once_per_node",
                violation_error_message=_("You have already judged this node."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "expert"],
                condition=Q(node__isnull=True),
                name="judgment_once_at_root",
                violation_error_message=_("You have already judged the dimensions."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.node or _('dimensions')}"
