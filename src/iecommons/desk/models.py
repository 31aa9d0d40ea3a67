"""What each person chose for its digest, and every digest sent (never twice a period)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DigestPreference(models.Model):
    """A person's digest: how often (or never) and in which language."""

    class Frequency(models.TextChoices):
        NEVER = "never", pgettext_lazy("digest", "Never")
        DAILY = "daily", pgettext_lazy("digest", "Daily")
        WEEKLY = "weekly", pgettext_lazy("digest", "Weekly (Mondays)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="digest_preference",
    )
    frequency = models.CharField(
        _("digest"), max_length=8, choices=Frequency.choices, default=Frequency.NEVER
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("zh-hans", "中文"), ("en", "English")],
        default="zh-hans",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"


class DigestSent(models.Model):
    """One digest sent to one person for one period (a day, or the week starting on
    ``period_start``): the unique row that keeps a digest from going out twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="digests_sent",
    )
    frequency = models.CharField(_("digest"), max_length=8)
    period_start = models.DateField(_("period starts"))
    items = models.JSONField(_("items"), default=list)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period_start"], name="one_digest_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period_start}"
