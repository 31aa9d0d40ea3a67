"""产教融合型企业: criteria per province, the certification path, and investment records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CertificationCriteria(models.Model):
    """A province's criteria for certifying industry–education integration enterprises,
    as editable data: a list of ``{"code", "text"}`` items the evidence must answer."""

    province = models.ForeignKey(
        "registry.Region", on_delete=models.PROTECT, related_name="certification_criteria"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    items = models.JSONField(_("criteria"), default=list)
    confirmation_years = models.PositiveSmallIntegerField(
        _("years between confirmations"), default=3
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["province", "-version"]
        verbose_name = _("certification criteria")
        verbose_name_plural = _("certification criteria")
        constraints = [
            models.UniqueConstraint(fields=["province", "version"], name="one_criteria_version")
        ]

    def __str__(self) -> str:
        return f"{self.province} v{self.version}"


class Certification(models.Model):
    """An enterprise's path: in the pool (培育库), certified, confirmed periodically, or
    withdrawn. The evidence answers the criteria item by item."""

    class Status(models.TextChoices):
        POOL = "pool", _("In the cultivation pool")
        CERTIFIED = "certified", _("Certified")
        REJECTED = "rejected", pgettext_lazy("certification status", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("certification status", "Withdrawn")

    organization = models.OneToOneField(
        "registry.Organization", on_delete=models.PROTECT, related_name="certification"
    )
    province = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="+")
    criteria = models.ForeignKey(CertificationCriteria, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.POOL, db_index=True
    )
    evidence = models.JSONField(_("evidence per criterion"), default=dict, blank=True)
    pool_entered = models.DateField(_("entered the pool"))
    certified_on = models.DateField(_("certified"), null=True, blank=True)
    confirmation_due = models.DateField(_("next confirmation due"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    last_confirmed = models.DateField(_("last confirmed"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    #: The states a path can still move on from.
    OPEN_STATES = (Status.POOL, Status.CERTIFIED)
    #: Ended paths: the enterprise may apply again.
    CLOSED_STATES = (Status.REJECTED, Status.WITHDRAWN)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_status_display()}"


def _certification_document_path(instance: CertificationDocument, filename: str) -> str:
    # The stored name never comes from the uploader: only the extension is kept.
    extension = filename.rsplit(".", 1)[-1].lower()
    return (
        f"policy/certifications/{instance.certification_id}/"
        f"{instance.uploaded_at:%Y%m%d%H%M%S%f}.{extension}"
    )


class CertificationDocument(models.Model):
    """A document answering one criterion of a certification (an agreement, invoices, a
    photograph of the training base), checked by the platform's upload policy; seen by the
    enterprise's representatives and the province's supervisors, and put in the evidence
    pack the enterprise hands to its tax office."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="documents"
    )
    criterion = models.CharField(_("criterion"), max_length=20)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_certification_document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["certification", "criterion", "uploaded_at", "pk"]
        verbose_name = _("certification document")
        verbose_name_plural = _("certification documents")

    def __str__(self) -> str:
        return f"{self.certification_id} {self.criterion}: {self.title}"


class CertificationEvent(models.Model):
    """One step of a certification path with its reason: the application or admission to
    the pool, the certification or rejection, each periodic confirmation, the withdrawal.
    The enterprise and the supervisors read the path's history from these."""

    class Kind(models.TextChoices):
        ENTERED = "entered", _("Entered the cultivation pool")
        CERTIFIED = "certified", pgettext_lazy("certification event", "Certified")
        REJECTED = "rejected", pgettext_lazy("certification event", "Rejected")
        CONFIRMED = "confirmed", pgettext_lazy("certification event", "Confirmed again")
        WITHDRAWN = "withdrawn", pgettext_lazy("certification event", "Withdrawn")

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("step"), max_length=16, choices=Kind.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["certification", "at", "pk"]
        verbose_name = _("certification step")
        verbose_name_plural = _("certification steps")

    def __str__(self) -> str:
        return f"{self.certification_id} {self.kind} {self.on}"


class InvestmentYear(models.Model):
    """One year of a certified enterprise's qualifying vocational-education investment and
    the taxes its education surcharges are levied on, for the surcharge-offset calculator."""

    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.CASCADE, related_name="investment_years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    investment = models.DecimalField(
        _("qualifying investment (CNY)"), max_digits=16, decimal_places=2
    )
    withdrawn = models.DecimalField(
        _("investment withdrawn (CNY)"), max_digits=16, decimal_places=2, default=0
    )
    vat_paid = models.DecimalField(
        _("VAT paid (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    consumption_tax_paid = models.DecimalField(
        _("consumption tax paid (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["organization", "year"]
        verbose_name = _("investment year")
        verbose_name_plural = _("investment years")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_investment_year"),
            models.CheckConstraint(
                condition=Q(investment__gte=0) & Q(withdrawn__gte=0),
                name="investment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"
