"""Oversight records: the releases of the open-data package."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataRelease(models.Model):
    """One published version of the open-data package: its files live under
    ``MEDIA_ROOT/open-data/v<version>/``, described by ``datapackage.json``; older
    versions are kept. ``resources`` lists each resource with its files and row count."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("built"), auto_now_add=True)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("built by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    descriptor_sha256 = models.CharField(_("SHA-256 of datapackage.json"), max_length=64)
    resources = models.JSONField(_("resources"), default=list)

    class Meta:
        verbose_name = _("open-data release")
        verbose_name_plural = _("open-data releases")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"


# The dashboards and the reports keep their models in their own packages; importing them
# here registers them.
from iecommons.oversight.dashboards.models import DashboardFigures  # noqa: E402
from iecommons.oversight.reports.models import (  # noqa: E402
    AnnualReport,
    ReportBatch,
    ReportBatchItem,
)

__all__ = [
    "AnnualReport",
    "DashboardFigures",
    "OpenDataRelease",
    "ReportBatch",
    "ReportBatchItem",
]
