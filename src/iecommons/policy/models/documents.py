"""Policy documents, the measures they are broken into, and each measure's implementation
in each jurisdiction that must carry it out, with evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _document_path(instance: PolicyDocument, filename: str) -> str:
    # The stored name never comes from the uploader: only the extension is kept.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"policy/documents/{instance.issued_on:%Y}/{instance.number_slug()}.{extension}"


def _evidence_path(instance: MeasureImplementation, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return (
        f"policy/implementation/{instance.measure_id}/"
        f"{instance.jurisdiction_id}-{instance.version}.{extension}"
    )


class PolicyDocument(models.Model):
    """A policy document as issued: title, issuing body, document number (文号), date,
    level and jurisdiction, and its full text or its file. Documents are public acts: the
    public page lists every one with the state of its measures."""

    class Level(models.TextChoices):
        NATIONAL = "national", pgettext_lazy("policy level", "National")
        PROVINCIAL = "provincial", pgettext_lazy("policy level", "Provincial")
        MUNICIPAL = "municipal", pgettext_lazy("policy level", "Municipal")

    title = models.CharField(pgettext_lazy("heading", "title"), max_length=300)
    issuer = models.CharField(_("issued by"), max_length=300)
    number = models.CharField(_("document number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    jurisdiction = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policy_documents",
        verbose_name=_("jurisdiction"),
        help_text=_("Empty for a national document."),
    )
    full_text = models.TextField(_("full text"), blank=True)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")

    def __str__(self) -> str:
        return self.title

    def number_slug(self) -> str:
        """A file-system-safe name for the stored file (the pk once saved)."""
        return f"document-{self.pk or 'new'}"


class Measure(models.Model):
    """One measure of a document: what is to be done, by whom, by when, the target and
    the indicator that will show whether it worked."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("measure"))
    responsible_body = models.CharField(_("responsible body"), max_length=300)
    target = models.TextField(_("target"))
    deadline = models.DateField(pgettext_lazy("measure", "deadline"))
    indicator = models.CharField(_("indicator of success"), max_length=300)

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="one_measure_number")
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.position})"


class MeasureImplementation(models.Model):
    """How far one jurisdiction has carried out one measure, as its supervisors last
    reported it, with the evidence. No row means nothing has been reported: not started."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("implementation", "Not started")
        IN_PROGRESS = "in_progress", pgettext_lazy("implementation", "In progress")
        DONE = "done", pgettext_lazy("implementation", "Done")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="implementations")
    jurisdiction = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jurisdiction"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    note = models.TextField(pgettext_lazy("implementation", "what was done"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=_evidence_path, max_length=300, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    version = models.PositiveIntegerField(_("reports"), default=1)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["measure", "jurisdiction__code"]
        verbose_name = _("implementation of a measure")
        verbose_name_plural = _("implementations of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "jurisdiction"], name="one_implementation_per_jurisdiction"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} · {self.jurisdiction}: {self.get_status_display()}"
