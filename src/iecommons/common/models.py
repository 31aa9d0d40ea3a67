"""Records shared by every app: the audit trail, notifications, the data version, job leases."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEntry(models.Model):
    """One write to one object: who did it, when, and each changed field before and after.

    Written by services in the same transaction as the change itself, so a change
    without its audit entry cannot exist.
    """

    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("audit action", "Created")
        UPDATE = "update", pgettext_lazy("audit action", "Updated")
        DELETE = "delete", _("Deleted")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    # A short machine name of the business operation, e.g. "membership_end".
    operation = models.CharField(_("operation"), max_length=64)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(pgettext_lazy("audit entry", "object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.operation} {self.object_repr}"


class Notification(models.Model):
    """A message to one user, shown in the app and (optionally) sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class DataVersion(models.Model):
    """A single counter that every audited write increments in its own transaction.

    Cached public pages are keyed by it. Concurrent writers queue on the row, so the
    committed number only grows, in commit order: a page cached under a number never
    misses a write committed before that number was read.
    """

    number = models.PositiveBigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return str(self.number)


class JobLease(models.Model):
    """A background job that must not outlive its worker unnoticed (see ``common.jobs``).

    Made when the job is enqueued; the worker that runs it takes the lease (a fresh
    ``holder``) and beats ``heartbeat_at`` while it works. A running lease whose heartbeat is
    older than ``JOB_LEASE_SECONDS`` lost its worker: the sweeper enqueues the job again
    (up to ``max_attempts``) or ends it as lost and tells the job's subject why.
    """

    class State(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job lease", "Queued")
        RUNNING = "running", pgettext_lazy("job lease", "Running")
        DONE = "done", pgettext_lazy("job lease", "Done")
        FAILED = "failed", pgettext_lazy("job lease", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("job lease", "Cancelled")
        LOST = "lost", pgettext_lazy("job lease", "Worker lost")

    key = models.CharField(pgettext_lazy("job lease", "job"), max_length=100, unique=True)
    task_path = models.CharField(pgettext_lazy("job lease", "task"), max_length=200)
    args = models.JSONField(pgettext_lazy("job lease", "arguments"), default=list)
    on_lost = models.CharField(
        pgettext_lazy("job lease", "when lost, call"), max_length=200, blank=True
    )
    state = models.CharField(
        pgettext_lazy("job lease", "state"),
        max_length=16,
        choices=State.choices,
        default=State.QUEUED,
    )
    holder = models.CharField(pgettext_lazy("job lease", "held by"), max_length=32, blank=True)
    task_result_id = models.CharField(
        pgettext_lazy("job lease", "task result"), max_length=64, blank=True
    )
    attempts = models.PositiveSmallIntegerField(pgettext_lazy("job lease", "attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(
        pgettext_lazy("job lease", "most attempts"), default=2
    )
    enqueued_at = models.DateTimeField(pgettext_lazy("job lease", "enqueued"))
    started_at = models.DateTimeField(pgettext_lazy("job lease", "started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        pgettext_lazy("job lease", "last heartbeat"), null=True, blank=True
    )
    ended_at = models.DateTimeField(pgettext_lazy("job lease", "ended"), null=True, blank=True)
    cancel_requested_at = models.DateTimeField(
        pgettext_lazy("job lease", "cancel requested"), null=True, blank=True
    )
    reason = models.TextField(pgettext_lazy("job lease", "reason"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("job lease", "job lease")
        verbose_name_plural = pgettext_lazy("job lease", "job leases")
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="job_lease_state_beat")]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_state_display()})"


class ScheduledRun(models.Model):
    """A periodic job enqueued for one period (see ``common.schedule``): unique per job and
    period, so that two workers looking at the clock at once enqueue it once."""

    job = models.CharField(pgettext_lazy("schedule", "job"), max_length=100)
    period_start = models.DateTimeField(pgettext_lazy("schedule", "period from"))
    enqueued_at = models.DateTimeField(pgettext_lazy("schedule", "enqueued"), auto_now_add=True)
    task_result_id = models.CharField(
        pgettext_lazy("schedule", "task result"), max_length=64, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("schedule", "scheduled run")
        verbose_name_plural = pgettext_lazy("schedule", "scheduled runs")
        ordering = ["-period_start", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period_start"], name="scheduled_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M}"
