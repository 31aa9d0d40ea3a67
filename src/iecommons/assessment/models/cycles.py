"""Assessment cycles, the experts appointed to them and their weighting choice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from iecommons.assessment.models.frameworks import IndicatorFramework


class AssessmentCycle(models.Model):
    """An annual assessment round: period, framework version, communities, deadlines.

    ``name`` is Chinese, ``name_en`` its English (shown to readers in English when given).
    ``jurisdiction`` is the region of the supervisor who opened it (none: national); the
    framework is frozen when the cycle opens.
    """

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("cycle status", "Open")
        CLOSED = "closed", pgettext_lazy("cycle status", "Closed")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    year = models.PositiveIntegerField(_("year"), db_index=True)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    framework = models.ForeignKey(
        IndicatorFramework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    jurisdiction = models.ForeignKey(
        "registry.Region",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    communities = models.ManyToManyField(
        "registry.Community",
        verbose_name=_("communities in scope"),
        related_name="assessment_cycles",
        blank=True,
    )
    submission_deadline = models.DateField(_("submission deadline"))
    verification_deadline = models.DateField(_("verification deadline"))
    judgment_deadline = models.DateField(_("judgment deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="cycle_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The English name for a reader in English (when it has one), else the Chinese."""
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name


class CycleExpert(models.Model):
    """An expert appointed to judge and verify in a cycle (besides a community's experts)."""

    cycle = models.ForeignKey(
        AssessmentCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="experts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="cycle_appointments",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appointed_at = models.DateTimeField(_("appointed"), auto_now_add=True)

    class Meta:
        verbose_name = _("cycle expert")
        verbose_name_plural = _("cycle experts")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user"],
                name="cycle_expert_once",
                violation_error_message=_("This expert is already appointed to the cycle."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.cycle}"


class ExpertAssignment(models.Model):
    """A community of a cycle that an appointed expert reviews: its values, evidence and
    verification. The cycle's supervisor assigns them in bulk; an expert is never assigned
    a community in which an organisation it represents is an active member (recusal)."""

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="expert_assignments",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="expert_assignments",
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="expert_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "expert", "community"],
                name="expert_assignment_once",
                violation_error_message=_("This expert is already assigned this community."),
            ),
        ]
        indexes = [models.Index(fields=["expert", "cycle"], name="expert_assignment_by_expert")]

    def __str__(self) -> str:
        return f"{self.expert} → {self.community} @ {self.cycle}"


class WeightingChoice(models.Model):
    """How a cycle's weights are made: subjective (group AHP), objective (from the data),
    or both combined (``alpha`` is the share of the subjective weights when linear)."""

    class Method(models.TextChoices):
        SUBJECTIVE = "subjective", _("Expert judgments only (AHP)")
        OBJECTIVE = "objective", _("Data only")
        COMBINED = "combined", _("Expert judgments and data combined")

    class Objective(models.TextChoices):
        ENTROPY = "entropy", _("Entropy")
        CRITIC = "critic", _("CRITIC")
        STD = "std", _("Standard deviation")

    class Combination(models.TextChoices):
        LINEAR = "linear", _("Linear (alpha × subjective + (1 − alpha) × objective)")
        MULTIPLICATIVE = "multiplicative", _("Multiplicative (normalised product)")

    class Aggregation(models.TextChoices):
        JUDGMENTS = "judgments", _("Aggregate the judgments (geometric mean, AIJ)")
        PRIORITIES = "priorities", _("Aggregate the priorities (AIP)")

    cycle = models.OneToOneField(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="weighting",
    )
    method = models.CharField(
        _("weights"), max_length=16, choices=Method.choices, default=Method.COMBINED
    )
    objective_method = models.CharField(
        _("objective method"), max_length=16, choices=Objective.choices, default=Objective.ENTROPY
    )
    combination = models.CharField(
        _("combination"), max_length=16, choices=Combination.choices, default=Combination.LINEAR
    )
    alpha = models.FloatField(_("share of expert weights (alpha)"), default=0.5)
    group_aggregation = models.CharField(
        _("group aggregation"),
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.JUDGMENTS,
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chosen_at = models.DateTimeField(_("chosen"), auto_now=True)

    class Meta:
        verbose_name = _("weighting choice")
        verbose_name_plural = _("weighting choices")
        constraints = [
            models.CheckConstraint(
                condition=Q(alpha__gte=0) & Q(alpha__lte=1),
                name="weighting_alpha_between_0_and_1",
                violation_error_message=_("Alpha must be between 0 and 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.get_method_display()}"
