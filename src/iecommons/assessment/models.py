"""Assessment: indicator frameworks, cycles, values and evidence, surveys, expert judgments,
evaluation runs, results, publication and rectification.

Data flows one way: platform records → :class:`IndicatorValue` (derived, submitted,
surveyed, expert-scored) → :class:`EvaluationRun` (immutable snapshot + methods + weights)
→ :class:`Result` → :class:`Publication` and :class:`RectificationTask`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class IndicatorFramework(models.Model):
    """A versioned tree of dimensions and indicators.

    A draft may be edited; a framework becomes frozen when a cycle uses it, and a change
    to a frozen framework is made on a new version (a copy whose ``parent`` is the old one).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        FROZEN = "frozen", _("frozen")

    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="framework_unique_name_version",
                violation_error_message=_("This framework version already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} v{self.version}"

    @property
    def display_name(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.FROZEN


class Indicator(models.Model):
    """A node of a framework: a dimension (no parent) or an indicator under a dimension.

    Only leaves carry values. ``formula`` names a derived formula in
    :mod:`iecommons.assessment.formulas`. ``grade_boundaries`` are three values in the
    indicator's unit separating fail | pass | good | excellent (ascending; for a
    lower-is-better indicator read downward); fuzzy grading uses them as the centres of
    its triangular grades. Empty means "grade on the normalised score only".
    """

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Source(models.TextChoices):
        DERIVED = "derived", _("derived from platform records")
        SUBMITTED = "submitted", _("submitted with evidence")
        SURVEY = "survey", _("survey")
        EXPERT = "expert", _("expert score")

    framework = models.ForeignKey(
        IndicatorFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("dimension"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=32)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    definition = models.TextField(_("definition (Chinese)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit (Chinese)"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.SUBMITTED
    )
    formula = models.CharField(_("formula"), max_length=64, blank=True)
    min_value = models.FloatField(_("lowest valid value"), null=True, blank=True)
    max_value = models.FloatField(_("highest valid value"), null=True, blank=True)
    grade_boundaries = models.JSONField(_("grade boundaries"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="indicator_unique_code_per_framework",
                violation_error_message=_("This code is already used in the framework."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="indicator_range_ordered",
                violation_error_message=_("The highest valid value is below the lowest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh

    @property
    def unit_label(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.unit_en:
            return self.unit_en
        return self.unit

    @property
    def definition_text(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.definition_en:
            return self.definition_en
        return self.definition

    @property
    def is_dimension(self) -> bool:
        return self.parent_id is None


class AssessmentCycle(models.Model):
    """An annual assessment round: period, framework version, communities, deadlines.

    ``jurisdiction`` is the region of the supervisor who opened it (none: national); the
    framework is frozen when the cycle opens.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=200)
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


class WeightingChoice(models.Model):
    """How a cycle's weights are made: subjective (group AHP), objective (from the data),
    or both combined (``alpha`` is the share of the subjective weights when linear)."""

    class Method(models.TextChoices):
        SUBJECTIVE = "subjective", _("expert judgments only (AHP)")
        OBJECTIVE = "objective", _("data only")
        COMBINED = "combined", _("expert judgments and data combined")

    class Objective(models.TextChoices):
        ENTROPY = "entropy", _("entropy")
        CRITIC = "critic", _("CRITIC")
        STD = "std", _("standard deviation")

    class Combination(models.TextChoices):
        LINEAR = "linear", _("linear (alpha × subjective + (1 − alpha) × objective)")
        MULTIPLICATIVE = "multiplicative", _("multiplicative (normalised product)")

    class Aggregation(models.TextChoices):
        JUDGMENTS = "judgments", _("aggregate the judgments (geometric mean, AIJ)")
        PRIORITIES = "priorities", _("aggregate the priorities (AIP)")

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


class IndicatorValue(models.Model):
    """The value of one indicator for one community in one cycle, and where it came from.

    ``trace`` lists the records a derived value was computed from:
    ``{"formula": key, "records": [{"model": ..., "id": ..., "label": ...}], ...}``.
    """

    class Status(models.TextChoices):
        MISSING = "missing", _("missing")
        DERIVED = "derived", _("derived")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        VERIFIED = "verified", _("verified")
        IMPUTED = "imputed", _("imputed")

    cycle = models.ForeignKey(
        AssessmentCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="values"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MISSING, db_index=True
    )
    trace = models.JSONField(_("trace"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["cycle", "community", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "community", "indicator"],
                name="indicator_value_once_per_cycle_community",
                violation_error_message=_("This indicator already has a value."),
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.community} · {self.value}"

    @property
    def is_late(self) -> bool:
        """Submitted after the cycle's submission deadline."""
        if self.submitted_at is None:
            return False
        return self.submitted_at.date() > self.cycle.submission_deadline


def evidence_path(instance: Evidence, filename: str) -> str:
    value = instance.value
    return f"assessment/{value.cycle_id}/{value.community_id}/{value.indicator_id}/{filename}"


class Evidence(models.Model):
    """A file supporting a submitted value (pdf, docx, xlsx, png or jpg; size-limited)."""

    value = models.ForeignKey(
        IndicatorValue,
        verbose_name=_("value"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["value", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ExpertScore(models.Model):
    """One expert's 0–100 score of an expert-scored indicator for a community; the
    indicator's value is the mean of the experts' scores."""

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="expert_scores",
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    score = models.FloatField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    class Meta:
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "community", "indicator", "expert"],
                name="expert_score_once",
                violation_error_message=_("You have already scored this indicator."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100),
                name="expert_score_0_100",
                violation_error_message=_("A score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.community}: {self.score}"


class Survey(models.Model):
    """A Likert questionnaire of a cycle, sent to the representatives of member organisations.

    Its questions map to survey indicators; the mean answer (1–5) of a community's
    respondents, mapped to 0–100 as ``(mean - 1) * 25``, becomes the indicator's value.
    """

    class Audience(models.TextChoices):
        ALL = "all", _("all member organisations")
        ENTERPRISES = "enterprises", _("member enterprises")
        OTHERS = "others", _("member schools and other organisations")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    cycle = models.ForeignKey(
        AssessmentCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    opened_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["cycle", "created_at"]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.title_en:
            return self.title_en
        return self.title


class SurveyQuestion(models.Model):
    """A Likert item (1 = strongly disagree … 5 = strongly agree) mapped to an indicator."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="survey_questions",
    )
    text = models.CharField(_("question (Chinese)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "id"]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and self.text_en:
            return self.text_en
        return self.text


class SurveyInvitation(models.Model):
    """A survey sent to one representative about one community.

    It knows *whether* the representative answered (for the response rate), never *what*:
    the response carries only an HMAC token of (survey, community, user), so neither the
    community's staff nor a database reader joining the two tables can tell who answered
    what. ``responded`` is a flag, not a timestamp, so times cannot be matched either.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representative"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    responded = models.BooleanField(_("responded"), default=False)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "community", "user"],
                name="survey_invitation_once",
                violation_error_message=_("This representative is already invited."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.user}"


class SurveyResponse(models.Model):
    """One anonymous response: answers by question id, and the respondent only as a token.

    ``respondent_token`` is an HMAC of the survey, community and user under the site's
    secret key; the unique constraint makes it one response per representative.
    ``organization_type`` is kept (enterprise or not) to split satisfaction by audience.
    """

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    respondent_token = models.CharField(_("respondent token"), max_length=64)
    organization_type = models.CharField(_("organisation type"), max_length=32, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "community", "respondent_token"],
                name="survey_response_one_per_representative",
                violation_error_message=_("You have already answered this survey."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.community}"


class ExpertJudgment(models.Model):
    """One expert's AHP pairwise comparison of the children of a node.

    ``node`` is a dimension (comparing its indicators) or none (the framework root,
    comparing the dimensions). ``criteria`` holds the compared codes in matrix order.
    """

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="judgments",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="judgments",
    )
    node = models.ForeignKey(
        Indicator,
        verbose_name=_("node"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="judgments",
    )
    criteria = models.JSONField(_("compared codes"), default=list)
    matrix = models.JSONField(_("pairwise matrix"), default=list)
    consistency_ratio = models.FloatField(_("consistency ratio"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    class Meta:
        verbose_name = _("expert judgment")
        verbose_name_plural = _("expert judgments")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "expert", "node"],
                name="judgment_once_per_node",
                violation_error_message=_("You have already judged this node."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "expert"],
                condition=Q(node__isnull=True),
                name="judgment_once_at_root",
                violation_error_message=_("You have already judged the dimensions."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.node or _('dimensions')}"


class EvaluationRun(models.Model):
    """An immutable evaluation: what went in, how it was computed, by whom, and its hash.

    Only ``status``, ``progress``, ``error``, ``started_at`` and ``finished_at`` change
    after creation (as the background job advances). ``input_sha256`` is the SHA-256 of
    the canonical JSON of (snapshot, methods, weights, engine version); re-running the
    snapshot reproduces every number.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    cycle = models.ForeignKey(
        AssessmentCycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="runs"
    )
    framework = models.ForeignKey(
        IndicatorFramework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    framework_version = models.PositiveIntegerField(_("framework version"))
    methods = models.JSONField(_("methods"), default=dict)
    weights = models.JSONField(_("weights"), default=dict)
    imputation = models.CharField(_("imputation rule"), max_length=32, blank=True)
    snapshot = models.JSONField(_("input snapshot"), default=dict)
    engine_version = models.CharField(_("engine version"), max_length=32)
    input_sha256 = models.CharField(_("input SHA-256"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Added by the runs module: what the computation reported besides the results
    # (excluded communities, imputed values, peer medians per dimension, sensitivity seed).
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="run_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · #{self.pk}"


class Result(models.Model):
    """A community's outcome in a run.

    ``dimension_scores``: ``{dimension_code: score}``; ``stability``: rank statistics of
    the sensitivity analysis (e.g. ``{"mean_rank", "rank_range", "probability_same"}``);
    ``weakest_indicators``: ``[{"code", "value", "peer_median", "gap"}]`` worst first.
    ``peer_group`` names the peers (same field and level) used for ``peer_rank``.
    """

    run = models.ForeignKey(
        EvaluationRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="results"
    )
    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="assessment_results",
    )
    score = models.FloatField(_("score"))
    grade = models.CharField(_("grade"), max_length=32)
    rank = models.PositiveIntegerField(_("rank"))
    peer_rank = models.PositiveIntegerField(_("rank among peers"), null=True, blank=True)
    peer_count = models.PositiveIntegerField(_("peers"), null=True, blank=True)
    peer_group = models.CharField(_("peer group"), max_length=100, blank=True)
    dimension_scores = models.JSONField(_("dimension scores"), default=dict)
    stability = models.JSONField(_("rank stability"), default=dict)
    weakest_indicators = models.JSONField(_("weakest indicators"), default=list)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["run", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "community"], name="result_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.community}: {self.score:.1f} ({self.grade})"


class Publication(models.Model):
    """The supervisor's publication of a run's grades; only then are they public."""

    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    run = models.ForeignKey(
        EvaluationRun,
        verbose_name=_("run"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.published_at:%Y-%m-%d}"


class RectificationTask(models.Model):
    """A task for a community to improve a weak indicator, tracked to completion.

    ``baseline_value`` is the value in the run that raised it; ``outcome_value`` and
    ``outcome_change`` are filled from the next cycle's value of the same indicator code.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        OVERDUE = "overdue", _("overdue")

    community = models.ForeignKey(
        "registry.Community",
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="rectification_tasks",
    )
    cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="rectification_tasks",
    )
    run = models.ForeignKey(
        EvaluationRun,
        verbose_name=_("run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_tasks",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="rectification_tasks",
    )
    description = models.TextField(_("description"))
    deadline = models.DateField(_("deadline"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_tasks",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    evidence = models.FileField(
        _("evidence"), upload_to="rectification/", max_length=300, blank=True
    )
    evidence_note = models.TextField(_("what was done"), blank=True)
    baseline_value = models.FloatField(_("value when raised"), null=True, blank=True)
    # Added by the runs module: the peers' median when the task was raised.
    peer_median = models.FloatField(_("peer median when raised"), null=True, blank=True)
    outcome_cycle = models.ForeignKey(
        AssessmentCycle,
        verbose_name=_("next cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome_value = models.FloatField(_("value in the next cycle"), null=True, blank=True)
    outcome_change = models.FloatField(_("change"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.community} · {self.indicator.code}"
