"""Annual quality reports and report batches (imported by ``oversight.models``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AnnualReport(models.Model):
    """A community's annual quality report for one year.

    ``figures`` holds what the platform's records say (gathered by
    ``reports/figures.py``): refreshed while the report is a draft, frozen when it is
    submitted, so that an accepted report keeps the numbers it was accepted with.
    ``narrative`` maps each narrative section to its sanitised HTML. ``pdf_zh`` is the
    Chinese PDF of a submitted or accepted report, drawn from the frozen figures the first
    time it is asked for and kept until the report's status changes; the English PDF and a
    draft's are drawn on each request.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
        ACCEPTED = "accepted", pgettext_lazy("report status", "Accepted")

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="annual_reports",
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    figures = models.JSONField(_("figures"), default=dict)
    figures_at = models.DateTimeField(_("figures gathered"), null=True, blank=True)
    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    pdf_zh = models.FileField(_("PDF (Chinese)"), upload_to="reports/", blank=True)
    returned_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual quality report")
        verbose_name_plural = _("annual quality reports")
        ordering = ["-year", "community__name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="one_report_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.year}"


class ReportBatch(models.Model):
    """The reports of every community in a supervisor's jurisdiction for one year, generated
    in the background by ``chunks`` jobs (each under its own job lease), downloaded as one
    archive. ``region`` is the jurisdiction (None: national). ``archive`` is that zip, built
    once when the last report is stored (or at the first download of a batch that failed);
    ``archive_at`` says when, so that a report stored after it makes it stale."""

    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("batch status", "Running")
        DONE = "done", pgettext_lazy("batch status", "Done")
        FAILED = "failed", pgettext_lazy("batch status", "Failed")

    year = models.PositiveIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=8, default="zh-hans")
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chunks = models.PositiveSmallIntegerField(_("jobs"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    archive = models.FileField(_("archive"), upload_to="report-batches/archives/", blank=True)
    archive_at = models.DateTimeField(_("archive built"), null=True, blank=True)

    class Meta:
        verbose_name = _("report batch")
        verbose_name_plural = _("report batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"


class ReportBatchItem(models.Model):
    """One community's report in a batch. ``generated_at`` is set in the same transaction
    that stores the PDF, so a job resumed after its worker died skips every finished item
    and generates none twice; ``generations`` counts the stored PDFs (always 1 when done)."""

    batch = models.ForeignKey(
        ReportBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="items"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    chunk = models.PositiveSmallIntegerField(_("job"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="report-batches/", blank=True)
    generations = models.PositiveSmallIntegerField(_("times generated"), default=0)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch report")
        verbose_name_plural = _("batch reports")
        ordering = ["batch", "community_id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "community"], name="one_item_per_community")
        ]
        indexes = [models.Index(fields=["batch", "chunk", "generated_at"])]

    def __str__(self) -> str:
        return f"{self.batch} {self.community_id}"
