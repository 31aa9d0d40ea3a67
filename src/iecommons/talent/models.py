"""The talent chain: the three lists of a community, students and internship rounds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iecommons.registry.models import Community, Field, Organization, Region


class ListStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("list item status", "Awaiting review")
    PUBLISHED = "published", pgettext_lazy("list item status", "Published")
    REJECTED = "rejected", pgettext_lazy("list item status", "Returned")


class ListItem(models.Model):
    """What the three lists share: a member posts an item, the secretariat reviews it."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("posted for"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ListStatus.choices,
        default=ListStatus.SUBMITTED,
        db_index=True,
    )
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]


class TalentNeed(ListItem):
    """A line of the talent-needs list: an occupation, how many people, where, for how much."""

    class SkillLevel(models.TextChoices):
        JUNIOR = "5", _("Level 5 (junior worker)")
        INTERMEDIATE = "4", _("Level 4 (intermediate worker)")
        SENIOR = "3", _("Level 3 (senior worker)")
        TECHNICIAN = "2", _("Level 2 (technician)")
        SENIOR_TECHNICIAN = "1", _("Level 1 (senior technician)")

    occupation_code = models.CharField(_("occupation code"), max_length=16)
    title = models.CharField(_("position title"), max_length=200)
    skill_level = models.CharField(_("skill level"), max_length=2, choices=SkillLevel.choices)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    headcount = models.PositiveIntegerField(_("head count"))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    salary_min = models.PositiveIntegerField(_("monthly salary from (yuan)"))
    salary_max = models.PositiveIntegerField(_("monthly salary to (yuan)"))
    period_start = models.DateField(_("needed from"))
    period_end = models.DateField(_("needed until"))
    major_codes = models.JSONField(_("supplying majors"), default=list, blank=True)

    class Meta(ListItem.Meta):
        verbose_name = _("talent need")
        verbose_name_plural = _("talent needs")

    def __str__(self) -> str:
        return f"{self.title} × {self.headcount}"


class TechnologyNeed(ListItem):
    """A line of the technology-needs list; taking it on makes a joint R&D project."""

    class Progress(models.TextChoices):
        OPEN = "open", pgettext_lazy("technology need", "Open")
        TAKEN = "taken", pgettext_lazy("technology need", "Taken on")
        SOLVED = "solved", pgettext_lazy("technology need", "Solved")
        CLOSED = "closed", pgettext_lazy("technology need", "Closed")

    problem = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("industry field"), on_delete=models.PROTECT, related_name="+"
    )
    budget = models.DecimalField(_("budget (yuan)"), max_digits=16, decimal_places=2, default=0)
    deadline = models.DateField(_("deadline"))
    progress = models.CharField(
        _("progress"), max_length=16, choices=Progress.choices, default=Progress.OPEN
    )
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("joint R&D project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technology_need",
    )

    class Meta(ListItem.Meta):
        verbose_name = _("technology need")
        verbose_name_plural = _("technology needs")

    def __str__(self) -> str:
        return self.problem


class CoreProduct(ListItem):
    """A line of the core-products list: what a member makes that the community builds around."""

    name = models.CharField(_("product"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("industry field"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta(ListItem.Meta):
        verbose_name = _("core product")
        verbose_name_plural = _("core products")

    def __str__(self) -> str:
        return self.name


class CollegeMajor(models.Model):
    """A major a college runs, with one year's enrolment and graduates (the supply side)."""

    college = models.ForeignKey(
        Organization, verbose_name=_("college"), on_delete=models.CASCADE, related_name="+"
    )
    major_code = models.CharField(_("major code"), max_length=8)
    year = models.PositiveIntegerField(_("year"))
    enrolment = models.PositiveIntegerField(_("enrolled"), default=0)
    graduates = models.PositiveIntegerField(_("graduates"), default=0)

    class Meta:
        verbose_name = _("college major")
        verbose_name_plural = _("college majors")
        ordering = ["college", "major_code", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "major_code", "year"], name="talent_college_major_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.major_code} {self.year}"


class Student(models.Model):
    """A vocational student, with only what internship placement needs (PIPL minimum).

    Visible to its college and, once it applies to or is placed at a position, to that
    enterprise; every list read is logged in :class:`StudentAccess`.
    """

    college = models.ForeignKey(
        Organization, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("student", "name"), max_length=100)
    student_number = models.CharField(_("student number"), max_length=32)
    major_code = models.CharField(_("major code"), max_length=8)
    year = models.PositiveIntegerField(_("intake year"))
    birth_date = models.DateField(_("date of birth"))
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student",
    )

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["college", "student_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "student_number"], name="talent_student_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student_number} {self.name}"


class StudentAccess(models.Model):
    """One read of students' personal information: who, when, which college's, how many."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reader"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    what = models.CharField(_("what was read"), max_length=64)
    college = models.ForeignKey(
        Organization,
        verbose_name=_("college"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows = models.PositiveIntegerField(_("records read"))

    class Meta:
        verbose_name = _("read of student records")
        verbose_name_plural = _("reads of student records")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.what} ({self.rows})"


def default_rules() -> dict[str, object]:
    """The rules of 职业学校学生实习管理规定 (2021), as editable parameters of a round."""
    return {
        "min_age": 16,
        "max_share_of_host_staff": 0.10,
        "max_share_of_position_staff": 0.20,
        "min_pay_ratio": 0.80,
        "require_insurance": True,
        "max_months": 6,
    }


class PlacementRound(models.Model):
    """A college's internship placement round (岗位实习): positions, rankings, the matching."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("placement round", "Collecting positions")
        PUBLISHED = "published", pgettext_lazy("placement round", "Open for ranking")
        RUNNING = "running", pgettext_lazy("placement round", "Matching")
        MATCHED = "matched", pgettext_lazy("placement round", "Matched")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    college = models.ForeignKey(
        Organization, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(pgettext_lazy("placement round", "title"), max_length=200)
    cohort_year = models.PositiveIntegerField(_("intake year of the students"))
    starts = models.DateField(_("internship starts"))
    max_choices = models.PositiveSmallIntegerField(_("positions a student may rank"), default=5)
    rules = models.JSONField(_("internship rules"), default=default_rules)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("first round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="second_rounds",
    )
    seed = models.PositiveIntegerField(_("lottery seed"), default=0)
    proposals = models.PositiveIntegerField(_("proposals"), default=0)
    rounds = models.PositiveIntegerField(_("rounds of proposals"), default=0)
    matched_at = models.DateTimeField(_("matched"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("placement round")
        verbose_name_plural = _("placement rounds")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class InternshipPosition(models.Model):
    """An enterprise's internship position in a round, with what the rules look at."""

    round = models.ForeignKey(
        PlacementRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(pgettext_lazy("internship", "position"), max_length=200)
    seats = models.PositiveIntegerField(_("interns wanted"))
    major_codes = models.JSONField(_("majors accepted"), default=list, blank=True)
    location = models.CharField(pgettext_lazy("internship", "location"), max_length=200)
    monthly_pay = models.PositiveIntegerField(_("intern pay per month (yuan)"))
    regular_wage = models.PositiveIntegerField(_("wage of the same position (yuan)"))
    host_staff = models.PositiveIntegerField(_("staff of the enterprise"))
    position_staff = models.PositiveIntegerField(_("staff in this position type"))
    night_shifts = models.BooleanField(_("night shifts"), default=False)
    overtime = models.BooleanField(_("overtime"), default=False)
    exception_registered = models.BooleanField(
        _("registered exception for night shifts or overtime"), default=False
    )
    insured = models.BooleanField(_("internship liability insurance"), default=False)
    months = models.PositiveSmallIntegerField(_("duration (months)"), default=6)
    filled = models.PositiveIntegerField(_("placed"), default=0)
    cutoff_score = models.FloatField(_("cutoff score"), null=True, blank=True)
    cutoff_lottery = models.IntegerField(_("cutoff lottery number"), null=True, blank=True)

    class Meta:
        verbose_name = _("internship position")
        verbose_name_plural = _("internship positions")
        ordering = ["round", "id"]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    """A student's ranking of one position, and that position's score of the student."""

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="+"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="applications"
    )
    position = models.ForeignKey(
        InternshipPosition,
        verbose_name=pgettext_lazy("internship", "position"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    rank = models.PositiveSmallIntegerField(_("student's rank"))
    score = models.FloatField(_("position's score"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("internship", "application")
        verbose_name_plural = pgettext_lazy("internship", "applications")
        ordering = ["student", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["student", "position"], name="talent_rank_once"),
            models.UniqueConstraint(
                fields=["round", "student", "rank"], name="talent_rank_distinct"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.position_id} ({self.rank})"


class Placement(models.Model):
    """A student's result in a round: the matched position (or none), overrides kept."""

    round = models.ForeignKey(
        PlacementRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="placements"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="placements"
    )
    position = models.ForeignKey(
        InternshipPosition,
        verbose_name=pgettext_lazy("internship", "position"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    matched_position = models.ForeignKey(
        InternshipPosition,
        verbose_name=_("position by the matching"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(_("rank of the position"), null=True, blank=True)
    lottery = models.PositiveIntegerField(_("lottery number"))
    override_reason = models.CharField(_("reason for the override"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["round", "student"]
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="talent_placement_once")
        ]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.position_id}"


# --- courses, teachers and mentors built with industry ---------------------------------------


class Course(models.Model):
    """A course or textbook a college develops with enterprises (校企合作开发课程、教材)."""

    class Kind(models.TextChoices):
        COURSE = "course", pgettext_lazy("co-developed", "Course")
        TEXTBOOK = "textbook", pgettext_lazy("co-developed", "Textbook")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("course status", "Planned")
        DEVELOPING = "developing", pgettext_lazy("course status", "In development")
        IN_USE = "in_use", pgettext_lazy("course status", "In use")
        RETIRED = "retired", pgettext_lazy("course status", "Retired")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    college = models.ForeignKey(
        Organization, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        pgettext_lazy("co-developed", "kind"), max_length=16, choices=Kind.choices
    )
    title = models.CharField(pgettext_lazy("course", "title"), max_length=200)
    major_code = models.CharField(_("major code"), max_length=8)
    year = models.PositiveIntegerField(_("year begun"))
    hours = models.PositiveIntegerField(_("teaching hours"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    partners = models.ManyToManyField(
        Organization, verbose_name=_("partner enterprises"), related_name="+"
    )
    skills = models.JSONField(_("skills taught"), default=list, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("joint project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-developed course or textbook")
        verbose_name_plural = _("co-developed courses and textbooks")
        ordering = ["community", "-year", "title"]

    def __str__(self) -> str:
        return self.title


class Teacher(models.Model):
    """A teacher of a college: 双师型 status, and the enterprise practice the rules ask of a
    teacher of specialised courses (职业学校教师企业实践规定: six months every five years)."""

    college = models.ForeignKey(
        Organization, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("teacher", "name"), max_length=100)
    staff_number = models.CharField(_("staff number"), max_length=32)
    major_code = models.CharField(_("major code"), max_length=8, blank=True)
    specialised = models.BooleanField(_("teaches specialised courses"), default=True)
    dual_qualified = models.BooleanField(_("dual-qualified (双师型)"), default=False)
    dual_qualified_since = models.DateField(_("dual-qualified since"), null=True, blank=True)

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["college", "staff_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "staff_number"], name="talent_teacher_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_number} {self.name}"


class EnterprisePractice(models.Model):
    """A teacher's period of practice in an enterprise (教师企业实践)."""

    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="practices"
    )
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"))
    description = models.CharField(
        pgettext_lazy("practice", "what was done"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("enterprise practice")
        verbose_name_plural = _("enterprise practice")
        ordering = ["teacher", "-starts"]

    def __str__(self) -> str:
        return f"{self.teacher_id} {self.starts}–{self.ends}"


class EnterpriseMentor(models.Model):
    """A member of an enterprise's staff who teaches at a college (企业导师), with the hours
    taught in one year."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    college = models.ForeignKey(
        Organization, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(pgettext_lazy("mentor", "name"), max_length=100)
    qualification = models.CharField(_("qualification"), max_length=100, blank=True)
    year = models.PositiveIntegerField(_("year"))
    teaching_hours = models.PositiveIntegerField(_("teaching hours"))

    class Meta:
        verbose_name = _("enterprise mentor")
        verbose_name_plural = _("enterprise mentors")
        ordering = ["community", "-year", "name"]

    def __str__(self) -> str:
        return self.name


# --- order classes and apprenticeships -------------------------------------------------------


class Cohort(models.Model):
    """An order class (订单班) or modern apprenticeship (现代学徒制): an enterprise and a
    college train one major's intake together, to a plan of school and enterprise hours."""

    class Kind(models.TextChoices):
        ORDER_CLASS = "order_class", _("Order class (订单班)")
        APPRENTICESHIP = "apprenticeship", _("Modern apprenticeship (现代学徒制)")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(pgettext_lazy("cohort", "kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("cohort", "title"), max_length=200)
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    college = models.ForeignKey(
        Organization, verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    major_code = models.CharField(_("major code"), max_length=8)
    intake_year = models.PositiveIntegerField(_("intake year"))
    size = models.PositiveIntegerField(_("students"))
    school_hours = models.PositiveIntegerField(_("hours at the college"), default=0)
    enterprise_hours = models.PositiveIntegerField(_("hours at the enterprise"), default=0)
    completed = models.PositiveIntegerField(
        pgettext_lazy("cohort", "completed"), null=True, blank=True
    )
    certified = models.PositiveIntegerField(
        _("with a skill-level certificate"), null=True, blank=True
    )
    hired = models.PositiveIntegerField(_("hired by the enterprise"), null=True, blank=True)
    retained = models.PositiveIntegerField(_("still there after 12 months"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("order class or apprenticeship")
        verbose_name_plural = _("order classes and apprenticeships")
        ordering = ["community", "-intake_year", "title"]

    def __str__(self) -> str:
        return self.title


class TripartiteAgreement(models.Model):
    """The agreement of a student, its college and the enterprise for a place in a cohort
    (三方协议), with the signed document."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="agreements"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="agreements"
    )
    signed_on = models.DateField(_("signed on"))
    document = models.FileField(_("signed agreement"), upload_to="talent/agreements/%Y/")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tripartite agreement")
        verbose_name_plural = _("tripartite agreements")
        ordering = ["cohort", "student"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "student"], name="talent_agreement_once")
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id} · {self.student_id}"
