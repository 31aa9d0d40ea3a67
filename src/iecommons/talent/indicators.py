"""The talent chain's derived indicators, registered in the assessment's formula registry
(:data:`iecommons.assessment.formulas.FORMULAS`) when the app is ready: the assessment sits
below talent in the layers, so talent brings its formulas to it, never the other way.

The default framework names three of them (D3.1, D3.3, D3.4); the fourth is offered to any
framework. Each returns the records it counted, so every value carries its trace.

- ``order_class_students``: students of the community's order classes and apprenticeships
  in training during the period: a cohort trains from its intake year for
  :data:`~iecommons.talent.supply.PROGRAMME_YEARS` years. Zero without cohorts.
- ``dual_qualified_teacher_share``: 双师型 teachers among the teachers of specialised
  courses (专业课教师) of the colleges that are active members at the end of the period,
  recognised on or before that day, in %. Missing without such teachers.
- ``industry_teacher_hours``: hours taught at member colleges by enterprise mentors in the
  years of the period. Zero without mentors.
- ``teacher_practice_compliance``: teachers of specialised courses of the member colleges
  who meet the enterprise-practice rule (:mod:`iecommons.talent.practice`) at the end of
  the period, in %. Missing without such teachers.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from iecommons.assessment.formulas import FORMULAS, Derived, Formula, active_memberships
from iecommons.registry.models import Community
from iecommons.talent.models import Cohort, EnterpriseMentor, Teacher
from iecommons.talent.practice import practice_status
from iecommons.talent.services.students import COLLEGE_TYPES
from iecommons.talent.supply import PROGRAMME_YEARS


def _college_ids(community: Community, end: datetime.date) -> list[int]:
    return [
        m.organization_id
        for m in active_memberships(community, end)
        if m.organization.type in COLLEGE_TYPES
    ]


def order_class_students(community: Community, start: datetime.date, end: datetime.date) -> Derived:
    cohorts = Cohort.objects.filter(
        community=community,
        intake_year__lte=end.year,
        intake_year__gt=start.year - PROGRAMME_YEARS,
    ).order_by("pk")
    records: list[dict[str, Any]] = [
        {
            "model": "talent.cohort",
            "id": cohort.pk,
            "label": cohort.title,
            "students": cohort.size,
            "counted": True,
        }
        for cohort in cohorts
    ]
    total = sum(int(record["students"]) for record in records)
    return Derived(
        value=float(total), records=records, details={"counted": len(records), "total": total}
    )


def _specialised_teachers(community: Community, end: datetime.date) -> list[Teacher]:
    return list(
        Teacher.objects.filter(college_id__in=_college_ids(community, end), specialised=True)
        .prefetch_related("practices")
        .order_by("pk")
    )


def _teacher_share(teachers: list[Teacher], counts: Any, end: datetime.date) -> Derived:
    records = [
        {
            "model": "talent.teacher",
            "id": teacher.pk,
            "label": teacher.staff_number,
            "college_id": teacher.college_id,
            "counted": bool(counts(teacher)),
        }
        for teacher in teachers
    ]
    counted = sum(1 for record in records if record["counted"])
    total = len(records)
    return Derived(
        value=round(100.0 * counted / total, 4) if total else None,
        records=records,
        details={"counted": counted, "total": total, "on": end.isoformat()},
    )


def dual_qualified_teacher_share(
    community: Community, start: datetime.date, end: datetime.date
) -> Derived:
    def recognised(teacher: Teacher) -> bool:
        since = teacher.dual_qualified_since
        return teacher.dual_qualified and (since is None or since <= end)

    return _teacher_share(_specialised_teachers(community, end), recognised, end)


def teacher_practice_compliance(
    community: Community, start: datetime.date, end: datetime.date
) -> Derived:
    def compliant(teacher: Teacher) -> bool:
        periods = [(p.starts, p.ends) for p in teacher.practices.all()]
        return practice_status(periods, end).compliant

    return _teacher_share(_specialised_teachers(community, end), compliant, end)


def industry_teacher_hours(
    community: Community, start: datetime.date, end: datetime.date
) -> Derived:
    mentors = EnterpriseMentor.objects.filter(
        community=community, year__gte=start.year, year__lte=end.year
    ).order_by("pk")
    records: list[dict[str, Any]] = [
        {
            "model": "talent.enterprisementor",
            "id": pk,
            "label": f"{year}",
            "hours": hours,
            "counted": True,
        }
        for pk, year, hours in mentors.values_list("pk", "year", "teaching_hours")
    ]
    total = sum(int(record["hours"]) for record in records)
    return Derived(
        value=float(total), records=records, details={"counted": len(records), "total": total}
    )


TALENT_FORMULAS = [
    Formula(
        "order_class_students",
        _("students of order classes and apprenticeships in training during the period"),
        order_class_students,
    ),
    Formula(
        "dual_qualified_teacher_share",
        _(
            "dual-qualified teachers ÷ teachers of specialised courses of the member colleges "
            "at the end of the period × 100"
        ),
        dual_qualified_teacher_share,
    ),
    Formula(
        "industry_teacher_hours",
        _("hours taught at member colleges by enterprise mentors in the years of the period"),
        industry_teacher_hours,
    ),
    Formula(
        "teacher_practice_compliance",
        _(
            "teachers of specialised courses meeting the enterprise-practice rule ÷ all of "
            "them at the end of the period × 100"
        ),
        teacher_practice_compliance,
    ),
]


def register() -> None:
    """Offer the talent formulas to the assessment (idempotent)."""
    for formula in TALENT_FORMULAS:
        FORMULAS.setdefault(formula.key, formula)
