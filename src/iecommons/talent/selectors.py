"""Reads of the talent chain: published lists, students (each list read logged), rounds,
and the explanation of a student's result."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from iecommons.authz import talent as rules
from iecommons.registry.models import Community, Organization
from iecommons.talent.models import (
    Application,
    Cohort,
    CoreProduct,
    Course,
    EnterpriseMentor,
    EnterprisePractice,
    InternshipPosition,
    ListStatus,
    Placement,
    PlacementRound,
    Student,
    StudentAccess,
    TalentNeed,
    Teacher,
    TechnologyNeed,
    TripartiteAgreement,
)
from iecommons.talent.practice import PracticeStatus, practice_status

LIST_MODELS: dict[str, Any] = {
    "talent": TalentNeed,
    "technology": TechnologyNeed,
    "products": CoreProduct,
}


def list_items(user: Any, community: Community, kind: str) -> QuerySet[Any]:
    """The items of one list of ``community`` that ``user`` may see."""
    model = LIST_MODELS[kind]
    queryset = model.objects.filter(community=community).select_related("organization")
    return rules.visible_list_items(user, community, queryset)


def published_items(community: Community, kind: str) -> QuerySet[Any]:
    return (
        LIST_MODELS[kind]
        .objects.filter(community=community, status=ListStatus.PUBLISHED)
        .select_related("organization")
    )


def student_access_log(
    user: Any, *, what: str, rows: int, college: Organization | None = None
) -> None:
    """Log one read of students' personal information (PIPL): who, what, how many."""
    StudentAccess.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        what=what,
        college=college,
        rows=rows,
    )


def students_read(
    user: Any, queryset: QuerySet[Student], *, what: str, college: Organization | None = None
) -> list[Student]:
    """The students of ``queryset`` ``user`` may see, with the read logged."""
    rows = list(rules.visible_students(user, queryset).order_by("student_number"))
    student_access_log(user, what=what, rows=len(rows), college=college)
    return rows


def eligible_students(placement_round: PlacementRound) -> Any:
    """The students who may rank in the round: the college's intake year, and in a second
    round only those the first round left unplaced."""
    students = Student.objects.filter(
        college_id=placement_round.college_id, year=placement_round.cohort_year
    )
    if placement_round.previous_id is not None:
        placed = Placement.objects.filter(
            round_id=placement_round.previous_id, position__isnull=False
        ).values("student_id")
        students = students.exclude(pk__in=placed)
    return students


def round_positions(placement_round: PlacementRound) -> QuerySet[InternshipPosition]:
    return placement_round.positions.select_related("enterprise").order_by("pk")


@dataclass(frozen=True)
class Reason:
    """Why a student did not get a position it ranked above its result."""

    rank: int
    position: InternshipPosition
    score: float
    cutoff: float | None
    text: str


def placement_explanation(placement: Placement) -> list[Reason]:
    """For each position ranked above the student's result, that position's cutoff and why."""
    applications = (
        Application.objects.filter(round_id=placement.round_id, student_id=placement.student_id)
        .select_related("position")
        .order_by("rank")
    )
    out = []
    for application in applications:
        if placement.rank is not None and application.rank >= placement.rank:
            break
        position = application.position
        cutoff = position.cutoff_score
        if cutoff is None:
            text = _("The position had seats left; the placement was changed by the college.")
        elif application.score < cutoff:
            text = _("Your score %(score)g is below the cutoff %(cutoff)g.") % {
                "score": application.score,
                "cutoff": cutoff,
            }
        elif application.score == cutoff:
            text = _(
                "Your score equals the cutoff %(cutoff)g; the tie was settled by the lottery "
                "(your number %(yours)d, the last admitted %(last)d)."
            ) % {
                "cutoff": cutoff,
                "yours": placement.lottery,
                "last": position.cutoff_lottery if position.cutoff_lottery is not None else -1,
            }
        else:
            text = _("The placement was changed by the college.")
        out.append(
            Reason(
                rank=application.rank,
                position=position,
                score=application.score,
                cutoff=cutoff,
                text=text,
            )
        )
    return out


# --- programmes: courses, cohorts, teachers, mentors -----------------------------------------


def community_courses(community: Community) -> QuerySet[Course]:
    return (
        Course.objects.filter(community=community)
        .select_related("college", "project")
        .prefetch_related("partners")
    )


def community_cohorts(community: Community) -> QuerySet[Cohort]:
    return Cohort.objects.filter(community=community).select_related("enterprise", "college")


def cohort_agreements(user: Any, cohort: Cohort) -> list[TripartiteAgreement]:
    """The agreements of ``cohort`` ``user`` may see (students' records: the read is logged)."""
    rows = list(
        rules.visible_agreements(user, cohort.agreements.select_related("student")).order_by(
            "student__student_number"
        )
    )
    student_access_log(user, what="cohort_agreements", rows=len(rows), college=cohort.college)
    return rows


@dataclass(frozen=True)
class TeacherRow:
    """A teacher with its enterprise practice and the rule's verdict on ``day``."""

    teacher: Teacher
    practices: list[EnterprisePractice]
    status: PracticeStatus


def college_teachers(user: Any, college: Organization, day: datetime.date) -> list[TeacherRow]:
    """The college's teachers ``user`` may see, each with its practice status on ``day``."""
    teachers = rules.visible_teachers(
        user, Teacher.objects.filter(college=college).prefetch_related("practices__enterprise")
    )
    out = []
    for teacher in teachers.order_by("staff_number"):
        practices = list(teacher.practices.all())
        out.append(
            TeacherRow(
                teacher=teacher,
                practices=practices,
                status=practice_status(
                    [(p.starts, p.ends) for p in practices], day, specialised=teacher.specialised
                ),
            )
        )
    return out


def community_mentors(user: Any, community: Community) -> QuerySet[EnterpriseMentor]:
    """The mentors by name that ``user`` may see (their enterprise's and college's)."""
    return rules.visible_mentors(
        user,
        EnterpriseMentor.objects.filter(community=community).select_related(
            "enterprise", "college"
        ),
    )


def mentor_hours_by_year(community: Community) -> list[dict[str, Any]]:
    """Mentors and hours taught per year, without names (what every member may read)."""
    return list(
        EnterpriseMentor.objects.filter(community=community)
        .values("year")
        .annotate(mentors=Count("pk"), hours=Sum("teaching_hours"))
        .order_by("-year")
    )
