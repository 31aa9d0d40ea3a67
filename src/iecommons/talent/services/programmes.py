"""Programmes built with industry: co-developed courses and textbooks, order classes and
apprenticeships (cohorts), their outcomes and the students' tripartite agreements."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from iecommons.authz import talent as rules
from iecommons.authz.scope import require
from iecommons.common import audit
from iecommons.common.services import refuse, validate_model
from iecommons.common.uploads import DOCUMENTS
from iecommons.projects.models import Project
from iecommons.registry.models import Community, Membership, Organization
from iecommons.talent.models import Cohort, Course, Student, TripartiteAgreement
from iecommons.talent.services.lists import check_majors
from iecommons.talent.services.students import require_college
from iecommons.talent.skills import check_skills


def check_major(code: str, *, field: str = "major_code") -> str:
    """One six-digit major of the 2021 catalogue, or a refusal naming ``field``."""
    found = check_majors([code], field=field)
    if not found:
        raise refuse(field, _("Give the major code."))
    return found[0]


def _active_enterprise(community: Community, enterprise: Organization | None, field: str) -> None:
    if enterprise is None or enterprise.type != Organization.Type.ENTERPRISE:
        raise refuse(field, _("Choose an enterprise."))
    if not Membership.objects.filter(
        community=community, organization=enterprise, left__isnull=True
    ).exists():
        raise refuse(
            field,
            _("%(organization)s is not an active member of this community.")
            % {"organization": enterprise},
        )


def _count(value: Any, field: str, *, minimum: int = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise refuse(field, _("Give a whole number.")) from None
    if number < minimum:
        raise refuse(field, _("Give a number of at least %(minimum)d.") % {"minimum": minimum})
    return number


@transaction.atomic
def course_record(
    *,
    actor: Any,
    community: Community,
    college: Organization | None,
    kind: str,
    title: str,
    major_code: str,
    year: int,
    partners: Sequence[Organization | None],
    hours: int = 0,
    status: str = Course.Status.PLANNED,
    skills: Any = (),
    project: Project | None = None,
) -> Course:
    """A college records a course or textbook it develops with one or more enterprises."""
    college = require_college(college)
    require(rules.can_record_course(actor, community, college))
    if not partners:
        raise refuse("partners", _("Name at least one partner enterprise."))
    for partner in partners:
        _active_enterprise(community, partner, "partners")
    if project is not None and project.community_id != community.pk:
        raise refuse("project", _("Choose a joint project of this community."))
    course = Course(
        community=community,
        college=college,
        kind=kind,
        title=(title or "").strip(),
        major_code=check_major(major_code),
        year=_count(year, "year", minimum=1949),
        hours=_count(hours, "hours"),
        status=status,
        skills=check_skills(skills),
        project=project,
    )
    validate_model(course, exclude=["community", "college", "project"])
    course.save()
    course.partners.set([p for p in partners if p is not None])
    audit.record(actor=actor, instance=course, operation="course_record")
    return course


@transaction.atomic
def cohort_record(
    *,
    actor: Any,
    community: Community,
    kind: str,
    title: str,
    enterprise: Organization | None,
    college: Organization | None,
    major_code: str,
    intake_year: int,
    size: int,
    school_hours: int = 0,
    enterprise_hours: int = 0,
) -> Cohort:
    """Record an order class or apprenticeship of an enterprise and a college."""
    college = require_college(college)
    _active_enterprise(community, enterprise, "enterprise")
    assert enterprise is not None
    require(rules.can_record_cohort(actor, community, college, enterprise))
    if not Membership.objects.filter(
        community=community, organization=college, left__isnull=True
    ).exists():
        raise refuse(
            "college",
            _("%(organization)s is not an active member of this community.")
            % {"organization": college},
        )
    cohort = Cohort(
        community=community,
        kind=kind,
        title=(title or "").strip(),
        enterprise=enterprise,
        college=college,
        major_code=check_major(major_code),
        intake_year=_count(intake_year, "intake_year", minimum=1949),
        size=_count(size, "size", minimum=1),
        school_hours=_count(school_hours, "school_hours"),
        enterprise_hours=_count(enterprise_hours, "enterprise_hours"),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if cohort.kind == Cohort.Kind.APPRENTICESHIP and cohort.enterprise_hours == 0:
        raise refuse(
            "enterprise_hours",
            _("An apprenticeship trains in the enterprise: give its hours there."),
        )
    validate_model(cohort, exclude=["community", "enterprise", "college", "created_by"])
    cohort.save()
    audit.record(actor=actor, instance=cohort, operation="cohort_record")
    return cohort


@transaction.atomic
def cohort_outcomes_report(
    *,
    actor: Any,
    cohort: Cohort,
    completed: int,
    certified: int,
    hired: int,
    retained: int | None = None,
) -> Cohort:
    """The cohort's outcomes: each count within the one it follows from."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    require(rules.can_edit_cohort(actor, cohort))
    values = {
        "completed": _count(completed, "completed"),
        "certified": _count(certified, "certified"),
        "hired": _count(hired, "hired"),
    }
    if retained is not None:
        values["retained"] = _count(retained, "retained")
    bounds = [
        ("completed", cohort.size, _("the cohort's %(bound)d students")),
        ("certified", cohort.size, _("the cohort's %(bound)d students")),
        ("hired", values["completed"], _("the %(bound)d who completed")),
        ("retained", values["hired"], _("the %(bound)d hired")),
    ]
    for field, bound, of_what in bounds:
        if field in values and values[field] > bound:
            raise refuse(
                field,
                _("%(value)d is more than %(of_what)s.")
                % {"value": values[field], "of_what": of_what % {"bound": bound}},
            )
    before = audit.snapshot(cohort)
    cohort.completed = values["completed"]
    cohort.certified = values["certified"]
    cohort.hired = values["hired"]
    cohort.retained = values.get("retained")
    cohort.save(update_fields=["completed", "certified", "hired", "retained"])
    audit.record(actor=actor, instance=cohort, operation="cohort_outcomes_report", before=before)
    return cohort


@transaction.atomic
def agreement_record(
    *,
    actor: Any,
    cohort: Cohort,
    student: Student | None,
    signed_on: datetime.date | None,
    document: UploadedFile | None,
) -> TripartiteAgreement:
    """Record a student's signed tripartite agreement for a place in the cohort."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    require(rules.can_edit_cohort(actor, cohort))
    if student is None or student.college_id != cohort.college_id:
        raise refuse("student", _("Choose a student of the cohort's college."))
    if student.major_code != cohort.major_code:
        raise refuse(
            "student",
            _("%(student)s studies major %(major)s, not the cohort's %(cohort_major)s.")
            % {"student": student, "major": student.major_code, "cohort_major": cohort.major_code},
        )
    if cohort.agreements.filter(student=student).exists():
        raise refuse("student", _("This student's agreement is already recorded."))
    if cohort.agreements.count() >= cohort.size:
        raise refuse(
            "student", _("The cohort's %(size)d places are taken.") % {"size": cohort.size}
        )
    if signed_on is None:
        raise refuse("signed_on", _("Give the day the agreement was signed."))
    if document is None:
        raise refuse("document", _("Attach the signed agreement."))
    DOCUMENTS.check(document, field="document")
    agreement = TripartiteAgreement(
        cohort=cohort, student=student, signed_on=signed_on, document=document
    )
    agreement.save()
    audit.record(actor=actor, instance=agreement, operation="agreement_record")
    return agreement
