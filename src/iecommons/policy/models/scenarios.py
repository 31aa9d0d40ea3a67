"""Saved evolutionary-game scenarios of the policy lab."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PolicyScenario(models.Model):
    """A saved, reproducible scenario: the document handed to
    :func:`iecommons.analytics.games.run_scenario` (its parameters written out in full),
    the calibration they came from (``calibration``: what was read from the platform's
    ledgers, for which jurisdiction and years, and which values the supervisor set
    instead; see :mod:`iecommons.policy.selectors.calibration`), and its result once the
    job ran: queued, running, then done or failed with the reason."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("scenario status", "Queued")
        RUNNING = "running", pgettext_lazy("scenario status", "Running")
        DONE = "done", pgettext_lazy("scenario status", "Done")
        FAILED = "failed", pgettext_lazy("scenario status", "Failed")

    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    jurisdiction = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.JSONField(_("scenario"))
    calibration = models.JSONField(_("calibrated from platform data"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    result = models.JSONField(_("simulation result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("policy scenario")
        verbose_name_plural = _("policy scenarios")

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
