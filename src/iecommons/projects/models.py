"""Joint projects of a community: participants, contributions, milestones, outcomes, the
benefit- and risk-sharing ledger, members' tracked commitments and project discussions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SharingRule(models.TextChoices):
    PROPORTIONAL = "proportional", _("Proportional to contributions")
    FIXED_SHARES = "fixed_shares", _("Negotiated fixed shares")
    SHAPLEY = "shapley", _("Shapley value of agreed coalition values")


class Project(models.Model):
    """A joint project run by member organisations of one community.

    ``benefit_rule`` says how revenue and other benefits are shared; ``loss_rule``, when
    set, shares losses differently (otherwise losses follow the benefit rule). The
    coalition values of the Shapley rule are kept in ``coalition_values`` as
    ``{"<participant ids, sorted, comma-separated>": "<value>"}``.
    """

    class Type(models.TextChoices):
        JOINT_RD = "joint_rd", _("Joint R&D")
        COURSE = "course", _("Course co-development")
        TEXTBOOK = "textbook", _("Textbook co-development")
        TEACHER_TRAINING = "teacher_training", _("Teacher training")
        TRAINING_BASE = "training_base", _("Co-built training base")
        ORDER_CLASS = "order_class", _("Order class or modern apprenticeship")
        JOINT_RECRUITMENT = "joint_recruitment", _("Joint recruitment")
        STANDARD = "standard", _("Standard drafting")
        TECHNICAL_SERVICE = "technical_service", _("Technical service")
        OVERSEAS = "overseas", _("Overseas project")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Visibility(models.TextChoices):
        COMMUNITY = "community", _("Community members only")
        PUBLIC = "public", _("Public")

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="projects",
    )
    type = models.CharField(_("type"), max_length=32, choices=Type.choices, db_index=True)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(_("budget (CNY)"), default=0, max_digits=16, decimal_places=2)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.COMMUNITY
    )
    benefit_rule = models.CharField(
        _("benefit-sharing rule"),
        max_length=16,
        choices=SharingRule.choices,
        default=SharingRule.PROPORTIONAL,
    )
    loss_rule = models.CharField(
        _("loss-sharing rule"),
        max_length=16,
        choices=SharingRule.choices,
        blank=True,
        help_text=_("Empty: losses are shared by the benefit rule."),
    )
    coalition_values = models.JSONField(_("coalition values"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("joint project")
        verbose_name_plural = _("joint projects")
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["community", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="project_end_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="project_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def effective_loss_rule(self) -> str:
        return self.loss_rule or self.benefit_rule


class Participant(models.Model):
    """A member organisation taking part in a project, with its role and, under the
    fixed-shares rule, its negotiated percentages of benefits and losses."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        PARTNER = "partner", _("Partner")
        SUPPORTER = "supporter", _("Supporting unit")
        ADVISER = "adviser", _("Adviser")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participants"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_participations",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)
    benefit_share = models.DecimalField(
        _("benefit share (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    loss_share = models.DecimalField(
        _("loss share (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"],
                name="participant_once_per_project",
                violation_error_message=_("This organisation already takes part."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.project}"


class Evidence(models.Model):
    """Abstract: a record that may carry one evidence file.

    The file's storage name is kept as text (written by
    :func:`iecommons.projects.evidence.evidence_store`), so that the audit trail records
    it like any other value.
    """

    evidence = models.CharField(_("evidence file"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def evidence_url(self) -> str:
        from django.core.files.storage import default_storage

        return default_storage.url(self.evidence) if self.evidence else ""


class Contribution(Evidence):
    """What a participant put into a project, valued in CNY.

    ``value`` is derived once by the service: the cash amount, the stated value of an
    in-kind contribution, hours × rate for staff time, or the agreed value of IP.
    """

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")
        STAFF_HOURS = "staff_hours", _("Staff hours")
        IP = "ip", _("Intellectual property")

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    # Denormalised from the participant so that an organisation's account is one GROUP BY.
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=10, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField(
        _("rate (CNY per hour)"), null=True, blank=True, max_digits=16, decimal_places=2
    )
    value = models.DecimalField(_("value (CNY)"), max_digits=16, decimal_places=2)
    date = models.DateField(_("date"))
    # Denormalised from ``date``: the account groups by year without a per-row function.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["date", "id"]
        indexes = [
            models.Index(
                fields=["organization", "year", "kind", "value", "hours"],
                name="contribution_account_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="contribution_value_not_negative",
                violation_error_message=_("A contribution cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Milestone(models.Model):
    """A dated step of a project; ``done`` is the day it was reached."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    due = models.DateField(_("due"))
    done = models.DateField(pgettext_lazy("milestone", "done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class Outcome(Evidence):
    """A result of a project with its evidence: a patent, a course, people trained, revenue…

    ``quantity`` is a count (patents, people trained, hires) or an amount in CNY
    (revenue). ``attributed_to``, when set, credits the participant that received it
    (for example the enterprise that hired the graduates).
    """

    class Kind(models.TextChoices):
        PATENT = "patent", _("Patent")
        STANDARD = "standard", _("Standard")
        PAPER = "paper", _("Paper")
        COURSE = "course", _("Course")
        TEXTBOOK = "textbook", _("Textbook")
        TEACHERS_TRAINED = "teachers_trained", _("Teachers trained")
        STUDENTS_TRAINED = "students_trained", _("Students trained")
        REVENUE = "revenue", _("Revenue")
        HIRES = "hires", _("Hires")
        INTERNS = "interns", _("Interns")
        SOFTWARE_COPYRIGHT = "software_copyright", _("Software copyright")
        OTHER = "other", _("Other")

    #: Kinds measured in CNY rather than counted.
    MONEY_KINDS = frozenset({Kind.REVENUE})

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    quantity = models.DecimalField(_("quantity or amount"), max_digits=16, decimal_places=2)
    date = models.DateField(_("date"))
    attributed_to = models.ForeignKey(
        Participant,
        verbose_name=_("credited to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outcomes",
    )
    # Denormalised from ``attributed_to`` for the participation account's GROUP BY.
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["date", "id"]
        indexes = [
            models.Index(
                fields=["organization", "kind", "date", "quantity"], name="outcome_account_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="outcome_quantity_positive",
                violation_error_message=_("The quantity must be positive."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class BenefitAllocation(models.Model):
    """An amount (revenue, licence income, or a loss when negative) shared among a
    project's participants. Immutable: a correction is a new allocation that supersedes
    this one. ``inputs`` keeps what the rule was computed from, so that the page can
    show how each share came about."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="allocations"
    )
    description = models.CharField(_("what is shared"), max_length=200)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    date = models.DateField(_("date"))
    rule = models.CharField(_("rule"), max_length=16, choices=SharingRule.choices)
    inputs = models.JSONField(_("inputs"), default=dict)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allocated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("benefit allocation")
        verbose_name_plural = _("benefit allocations")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"

    @property
    def is_loss(self) -> bool:
        return self.amount < 0


class AllocationShare(models.Model):
    """One participant's part of an allocation: its basis under the rule (contribution
    total, percentage or Shapley value), its fraction of the whole and its amount."""

    allocation = models.ForeignKey(
        BenefitAllocation,
        verbose_name=_("allocation"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis = models.DecimalField(_("basis"), max_digits=20, decimal_places=6)
    fraction = models.DecimalField(_("fraction"), max_digits=9, decimal_places=6)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=16, decimal_places=2)
    # Denormalised from the allocation so that the account can group without a join.
    year = models.PositiveSmallIntegerField(_("year"))
    current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("allocation share")
        verbose_name_plural = _("allocation shares")
        ordering = ["allocation", "id"]
        indexes = [models.Index(fields=["organization", "current", "year"])]

    def __str__(self) -> str:
        return f"{self.organization}: {self.amount}"


class Commitment(models.Model):
    """A member's written duty turned into a tracked quantity per year, e.g. 20 internship
    places a year from 2025."""

    class Period(models.TextChoices):
        YEAR = "year", pgettext_lazy("commitment period", "Per year")

    membership = models.ForeignKey(
        "registry.Membership",
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50)
    period = models.CharField(
        _("period"), max_length=8, choices=Period.choices, default=Period.YEAR
    )
    start = models.DateField(_("start"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["membership", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="commitment_quantity_positive",
                violation_error_message=_("The committed quantity must be positive."),
            )
        ]

    def __str__(self) -> str:
        return self.description


class CommitmentFulfilment(Evidence):
    """What was delivered against a commitment in one year (several records add up)."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="fulfilments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment fulfilment")
        verbose_name_plural = _("commitment fulfilments")
        ordering = ["commitment", "year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="fulfilment_quantity_not_negative",
                violation_error_message=_("The quantity cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment} {self.year}: {self.quantity}"


class ProjectComment(models.Model):
    """A message in a project's discussion thread."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        verbose_name = _("project comment")
        verbose_name_plural = _("project comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]
