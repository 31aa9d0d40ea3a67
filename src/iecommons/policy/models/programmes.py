"""Incentive programmes, applications, reviews and the fund ledger of each programme."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncentiveProgramme(models.Model):
    """A programme of support (special fund, subsidy, award, tax, land, financing) opened
    for a jurisdiction, with its eligibility conditions as data and its fund ledger.

    The ledger columns keep the invariants budget = committed + available and
    disbursed <= committed <= budget; every change goes through the ledger services under
    a row lock on the programme, and a database constraint backs each inequality.
    """

    class Kind(models.TextChoices):
        SPECIAL_FUND = "special_fund", _("Special fund")
        SUBSIDY = "subsidy", _("Subsidy")
        AWARD = "award", _("Award")
        TAX = "tax", _("Tax incentive")
        LAND = "land", _("Land")
        FINANCING = "financing", _("Financing")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("programme status", "Draft")
        OPEN = "open", pgettext_lazy("programme status", "Open")
        CLOSED = "closed", pgettext_lazy("programme status", "Closed")
        LAPSED = "lapsed", pgettext_lazy("programme status", "Lapsed")

    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    jurisdiction = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("jurisdiction"),
        help_text=_("Empty for a national programme."),
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    opens = models.DateField(_("applications open"))
    deadline = models.DateField(_("application deadline"))
    spend_by = models.DateField(_("funds must be spent by"))
    max_award = models.DecimalField(
        _("largest award (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    conditions = models.JSONField(_("eligibility conditions"), default=list, blank=True)
    original_budget = models.DecimalField(
        _("original budget (CNY)"), max_digits=16, decimal_places=2
    )
    budget = models.DecimalField(_("budget (CNY)"), max_digits=16, decimal_places=2)
    committed = models.DecimalField(
        _("committed (CNY)"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    disbursed = models.DecimalField(
        _("disbursed (CNY)"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    returned = models.DecimalField(
        _("returned (CNY)"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    lapsed = models.DecimalField(
        _("lapsed (CNY)"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    lapse_alerted_on = models.DateField(_("lapse alert sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-opens", "title"]
        verbose_name = _("incentive programme")
        verbose_name_plural = _("incentive programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(committed__lte=F("budget")),
                name="programme_committed_within_budget",
            ),
            models.CheckConstraint(
                condition=Q(disbursed__gte=0) & Q(disbursed__lte=F("committed")),
                name="programme_disbursed_within_committed",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opens")) & Q(spend_by__gte=F("deadline")),
                name="programme_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def available(self) -> Decimal:
        """What can still be committed: budget - committed."""
        return self.budget - self.committed

    @property
    def undisbursed(self) -> Decimal:
        """What lapses on the spend-by date unless it is paid out: budget - disbursed."""
        return self.budget - self.disbursed


class Application(models.Model):
    """An organisation's application to a programme, through a community it is a member of,
    with the eligibility explanation it saw when it applied, and the decision."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
        UNDER_REVIEW = "under_review", pgettext_lazy("application status", "Under review")
        AWARDED = "awarded", pgettext_lazy("application status", "Awarded")
        REJECTED = "rejected", pgettext_lazy("application status", "Rejected")
        APPEALED = "appealed", pgettext_lazy("application status", "Appealed")
        APPEAL_REJECTED = "appeal_rejected", pgettext_lazy("application status", "Appeal rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    OPEN_STATES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPEALED)

    programme = models.ForeignKey(
        IncentiveProgramme,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("programme"),
    )
    organization = models.ForeignKey(
        "registry.Organization",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    community = models.ForeignKey(
        "registry.Community",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("community"),
    )
    amount_requested = models.DecimalField(
        _("amount requested (CNY)"), max_digits=16, decimal_places=2
    )
    purpose = models.TextField(_("purpose"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    eligibility = models.JSONField(_("eligibility when submitted"), default=list)
    amount_awarded = models.DecimalField(
        _("amount awarded (CNY)"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    amount_disbursed = models.DecimalField(
        _("amount disbursed (CNY)"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    appeal_reason = models.TextField(_("grounds of appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted on"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organization"], name="one_application_per_programme"
            ),
            models.CheckConstraint(
                condition=Q(amount_disbursed__lte=F("amount_awarded")),
                name="application_disbursed_within_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.programme}"


class Review(models.Model):
    """A supervisor's score (0–100) and reason for one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_each"),
            models.CheckConstraint(condition=Q(score__lte=100), name="review_score_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.score}"


class FundMovement(models.Model):
    """One movement of a programme's fund: commit, disburse, return, release or lapse.

    Append-only: the programme's ledger columns are the running totals of these rows.
    """

    class Kind(models.TextChoices):
        COMMIT = "commit", pgettext_lazy("fund movement", "Commitment")
        DISBURSE = "disburse", _("Disbursement")
        RETURN = "return", _("Return")
        LAPSE = "lapse", _("Lapse")

    programme = models.ForeignKey(
        IncentiveProgramme, on_delete=models.CASCADE, related_name="movements"
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("fund movement")
        verbose_name_plural = _("fund movements")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="movement_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


def _application_document_path(instance: ApplicationDocument, filename: str) -> str:
    # The stored name never comes from the uploader: only the extension is kept.
    extension = filename.rsplit(".", 1)[-1].lower()
    return (
        f"policy/applications/{instance.application_id}/"
        f"{instance.uploaded_at:%Y%m%d%H%M%S%f}.{extension}"
    )


class ApplicationDocument(models.Model):
    """A supporting document of an application (budget, agreement, invoices), checked by
    the platform's upload policy; seen by the applicant and the programme's supervisors."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_application_document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["application", "uploaded_at", "pk"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return f"{self.application}: {self.title}"
