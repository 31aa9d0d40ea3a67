"""Students and the majors colleges run: registered by the college, nothing more kept than
placement needs."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.authz import talent as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.registry.models import Organization
from iecommons.talent.models import CollegeMajor, Student
from iecommons.talent.services.lists import check_majors

COLLEGE_TYPES = (
    Organization.Type.HIGHER_VOCATIONAL,
    Organization.Type.SECONDARY_VOCATIONAL,
    Organization.Type.VOCATIONAL_UNDERGRADUATE,
    Organization.Type.UNIVERSITY,
)


def require_college(college: Organization | None) -> Organization:
    if college is None or college.type not in COLLEGE_TYPES:
        raise refuse("college", _("Choose a college or school."))
    return college


@transaction.atomic
def student_register(
    *,
    actor: Any,
    college: Organization | None,
    name: str,
    student_number: str,
    major_code: str,
    year: int,
    birth_date: datetime.date | None,
    contact: str = "",
    user: Any = None,
) -> Student:
    """Register a student of ``college`` (its representatives only)."""
    college = require_college(college)
    require(rules.can_manage_students(actor, college))
    number = (student_number or "").strip()
    if Student.objects.filter(college=college, student_number=number).exists():
        raise refuse("student_number", _("This college already has a student with this number."))
    if birth_date is None:
        raise refuse("birth_date", _("Give the date of birth (the internship rules need it)."))
    student = Student(
        college=college,
        name=(name or "").strip(),
        student_number=number,
        major_code=check_majors([major_code], field="major_code")[0] if major_code else "",
        year=year,
        birth_date=birth_date,
        contact=(contact or "").strip(),
        user=user,
    )
    validate_model(student, exclude=["college", "user"])
    student.save()
    audit.record(actor=actor, instance=student, operation="student_register")
    return student


@transaction.atomic
def college_major_record(
    *,
    actor: Any,
    college: Organization | None,
    major_code: str,
    year: int,
    enrolment: int,
    graduates: int,
) -> CollegeMajor:
    """Record (or correct) one year's enrolment and graduates of a college's major."""
    college = require_college(college)
    require(rules.can_manage_students(actor, college))
    code = check_majors([major_code], field="major_code")
    if not code:
        raise refuse("major_code", _("Give the major code."))
    if enrolment < 0 or graduates < 0:
        raise refuse("enrolment", _("The value cannot be negative."))
    row, created = CollegeMajor.objects.get_or_create(
        college=college, major_code=code[0], year=year
    )
    before = None if created else audit.snapshot(row)
    row.enrolment, row.graduates = enrolment, graduates
    row.save()
    audit.record(actor=actor, instance=row, operation="college_major_record", before=before)
    return row
