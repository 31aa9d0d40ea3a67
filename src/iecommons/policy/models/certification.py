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

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_status_display()}"


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
