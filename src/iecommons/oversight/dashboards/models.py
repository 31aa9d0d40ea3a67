"""The stored figures of the jurisdiction dashboards."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardFigures(models.Model):
    """The figures of one jurisdiction's dashboard as last computed by the background job.

    ``key`` is ``"national"`` or the region's GB/T 2260 code; ``supervisor`` holds every
    figure, ``public`` only the public ones (published grades, no collaboration records or
    rectification). ``data_version`` is the platform's data version the job read, so a page
    knows its figures are behind and queues a new computation.
    """

    key = models.CharField(_("jurisdiction"), max_length=16, unique=True)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    supervisor = models.JSONField(_("supervisor's figures"), default=dict)
    public = models.JSONField(_("public figures"), default=dict)
    data_version = models.PositiveBigIntegerField(_("data version read"), default=0)
    computed_at = models.DateTimeField(_("computed"))
    seconds = models.FloatField(_("computation time (s)"), default=0)

    class Meta:
        verbose_name = _("dashboard figures")
        verbose_name_plural = _("dashboard figures")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
