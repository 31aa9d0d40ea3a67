"""The JSON API of the programmes built with industry, under ``/api/talent/``: co-developed
courses, order classes and apprenticeships, enterprise mentors, a college's teachers.

Everything follows :mod:`iecommons.authz.talent`; what the caller may not see answers 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from iecommons.authz import talent as rules
from iecommons.common.api import ERRORS, actor
from iecommons.projects.models import Project
from iecommons.registry.models import Community, Organization
from iecommons.talent import selectors
from iecommons.talent.models import Cohort, Teacher
from iecommons.talent.services import faculty, programmes
from iecommons.talent.services.students import COLLEGE_TYPES

router = Router(tags=["talent"])


class CourseIn(Schema):
    college_id: int
    kind: str = Field(..., description="course | textbook")
    title: str = Field(..., min_length=1, max_length=200)
    major_code: str
    year: int
    partner_ids: list[int] = Field(..., min_length=1)
    hours: int = Field(0, ge=0)
    status: str = "planned"
    skills: list[str] = []
    project_id: int | None = None


class CourseOut(Schema):
    id: int
    college_id: int
    college: str
    kind: str
    title: str
    major_code: str
    year: int
    hours: int
    status: str
    partner_ids: list[int]
    skills: list[str]
    project_id: int | None


class CohortIn(Schema):
    kind: str = Field(..., description="order_class | apprenticeship")
    title: str = Field(..., min_length=1, max_length=200)
    enterprise_id: int
    college_id: int
    major_code: str
    intake_year: int
    size: int = Field(..., ge=1)
    school_hours: int = Field(0, ge=0)
    enterprise_hours: int = Field(0, ge=0)


class CohortOut(Schema):
    id: int
    kind: str
    title: str
    enterprise_id: int
    college_id: int
    major_code: str
    intake_year: int
    size: int
    school_hours: int
    enterprise_hours: int
    completed: int | None
    certified: int | None
    hired: int | None
    retained: int | None


class OutcomesIn(Schema):
    completed: int = Field(..., ge=0)
    certified: int = Field(..., ge=0)
    hired: int = Field(..., ge=0)
    retained: int | None = Field(None, ge=0)


class AgreementOut(Schema):
    id: int
    student_id: int
    student: str
    signed_on: datetime.date


class MentorIn(Schema):
    enterprise_id: int
    college_id: int
    name: str = Field(..., min_length=1, max_length=100)
    qualification: str = Field("", max_length=100)
    year: int
    teaching_hours: int = Field(..., ge=1)


class MentorOut(Schema):
    id: int
    enterprise_id: int
    college_id: int
    name: str
    qualification: str
    year: int
    teaching_hours: int


class TeacherIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    staff_number: str = Field(..., min_length=1, max_length=32)
    major_code: str = ""
    specialised: bool = True
    dual_qualified: bool = False
    dual_qualified_since: datetime.date | None = None


class TeacherOut(Schema):
    id: int
    name: str
    staff_number: str
    major_code: str
    specialised: bool
    dual_qualified: bool
    practice_months: float
    practice_compliant: bool


class PracticeIn(Schema):
    enterprise_id: int
    starts: datetime.date
    ends: datetime.date
    description: str = Field("", max_length=300)


class PracticeOut(Schema):
    id: int
    teacher_id: int
    enterprise_id: int
    starts: datetime.date
    ends: datetime.date


def _community(request: HttpRequest, community_id: int) -> Community:
    community = get_object_or_404(Community, pk=community_id)
    if not rules.can_see_programmes(actor(request), community):
        raise Http404
    return community


def _organization(pk: int | None) -> Organization | None:
    return Organization.objects.filter(pk=pk).first() if pk is not None else None


def _course_out(course: Any) -> dict[str, Any]:
    return {
        "id": course.pk,
        "college_id": course.college_id,
        "college": str(course.college),
        "kind": course.kind,
        "title": course.title,
        "major_code": course.major_code,
        "year": course.year,
        "hours": course.hours,
        "status": course.status,
        "partner_ids": sorted(p.pk for p in course.partners.all()),
        "skills": list(course.skills),
        "project_id": course.project_id,
    }


@router.get("/communities/{community_id}/courses", response={200: list[CourseOut], **ERRORS})
def course_list(request: HttpRequest, community_id: int) -> Any:
    """A community's co-developed courses and textbooks (its private area)."""
    community = _community(request, community_id)
    return [_course_out(c) for c in selectors.community_courses(community)]


@router.post("/communities/{community_id}/courses", response={201: CourseOut, **ERRORS})
def course_create(request: HttpRequest, community_id: int, payload: CourseIn) -> Any:
    community = _community(request, community_id)
    course = programmes.course_record(
        actor=actor(request),
        community=community,
        college=_organization(payload.college_id),
        kind=payload.kind,
        title=payload.title,
        major_code=payload.major_code,
        year=payload.year,
        partners=[_organization(pk) for pk in payload.partner_ids],
        hours=payload.hours,
        status=payload.status,
        skills=payload.skills,
        project=(
            Project.objects.filter(pk=payload.project_id).first()
            if payload.project_id is not None
            else None
        ),
    )
    return 201, _course_out(course)


@router.get("/communities/{community_id}/cohorts", response={200: list[CohortOut], **ERRORS})
def cohort_list(request: HttpRequest, community_id: int) -> Any:
    """A community's order classes and apprenticeships."""
    return list(selectors.community_cohorts(_community(request, community_id)))


@router.post("/communities/{community_id}/cohorts", response={201: CohortOut, **ERRORS})
def cohort_create(request: HttpRequest, community_id: int, payload: CohortIn) -> Any:
    community = _community(request, community_id)
    cohort = programmes.cohort_record(
        actor=actor(request),
        community=community,
        enterprise=_organization(payload.enterprise_id),
        college=_organization(payload.college_id),
        **payload.dict(exclude={"enterprise_id", "college_id"}),
    )
    return 201, cohort


def _cohort(request: HttpRequest, cohort_id: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("community", "college"), pk=cohort_id)
    if not rules.can_see_programmes(actor(request), cohort.community):
        raise Http404
    return cohort


@router.get("/cohorts/{cohort_id}", response={200: CohortOut, **ERRORS})
def cohort_get(request: HttpRequest, cohort_id: int) -> Any:
    return _cohort(request, cohort_id)


@router.post("/cohorts/{cohort_id}/outcomes", response={200: CohortOut, **ERRORS})
def cohort_outcomes_report(request: HttpRequest, cohort_id: int, payload: OutcomesIn) -> Any:
    """Completion, skill certificates, hired, still there after 12 months."""
    return programmes.cohort_outcomes_report(
        actor=actor(request), cohort=_cohort(request, cohort_id), **payload.dict()
    )


@router.get("/cohorts/{cohort_id}/agreements", response={200: list[AgreementOut], **ERRORS})
def agreement_list(request: HttpRequest, cohort_id: int) -> Any:
    """The tripartite agreements the caller may see (students' records: the read is logged)."""
    cohort = _cohort(request, cohort_id)
    return [
        {
            "id": a.pk,
            "student_id": a.student_id,
            "student": str(a.student),
            "signed_on": a.signed_on,
        }
        for a in selectors.cohort_agreements(actor(request), cohort)
    ]


@router.get("/communities/{community_id}/mentors", response={200: list[MentorOut], **ERRORS})
def mentor_list(request: HttpRequest, community_id: int) -> Any:
    """The mentors by name of the caller's enterprise or college."""
    community = _community(request, community_id)
    return list(selectors.community_mentors(actor(request), community))


@router.post("/communities/{community_id}/mentors", response={201: MentorOut, **ERRORS})
def mentor_create(request: HttpRequest, community_id: int, payload: MentorIn) -> Any:
    community = _community(request, community_id)
    mentor = faculty.mentor_record(
        actor=actor(request),
        community=community,
        enterprise=_organization(payload.enterprise_id),
        college=_organization(payload.college_id),
        **payload.dict(exclude={"enterprise_id", "college_id"}),
    )
    return 201, mentor


def _college(request: HttpRequest, college_id: int) -> Organization:
    college = get_object_or_404(Organization, pk=college_id, type__in=COLLEGE_TYPES)
    if not rules.can_manage_teachers(actor(request), college):
        raise Http404
    return college


@router.get("/colleges/{college_id}/teachers", response={200: list[TeacherOut], **ERRORS})
def teacher_list(request: HttpRequest, college_id: int) -> Any:
    """A college's teachers with their enterprise practice in the last five years."""
    college = _college(request, college_id)
    return [
        {
            "id": row.teacher.pk,
            "name": row.teacher.name,
            "staff_number": row.teacher.staff_number,
            "major_code": row.teacher.major_code,
            "specialised": row.teacher.specialised,
            "dual_qualified": row.teacher.dual_qualified,
            "practice_months": round(row.status.months, 2),
            "practice_compliant": row.status.compliant,
        }
        for row in selectors.college_teachers(actor(request), college, timezone.localdate())
    ]


@router.post("/colleges/{college_id}/teachers", response={201: TeacherOut, **ERRORS})
def teacher_create(request: HttpRequest, college_id: int, payload: TeacherIn) -> Any:
    college = _college(request, college_id)
    teacher = faculty.teacher_register(actor=actor(request), college=college, **payload.dict())
    return 201, {
        **{f: getattr(teacher, f) for f in ("name", "staff_number", "major_code")},
        "id": teacher.pk,
        "specialised": teacher.specialised,
        "dual_qualified": teacher.dual_qualified,
        "practice_months": 0.0,
        "practice_compliant": not teacher.specialised,
    }


@router.post("/teachers/{teacher_id}/practice", response={201: PracticeOut, **ERRORS})
def practice_create(request: HttpRequest, teacher_id: int, payload: PracticeIn) -> Any:
    teacher = get_object_or_404(Teacher.objects.select_related("college"), pk=teacher_id)
    if not rules.can_manage_teachers(actor(request), teacher.college):
        raise Http404
    practice = faculty.practice_record(
        actor=actor(request),
        teacher=teacher,
        enterprise=_organization(payload.enterprise_id),
        **payload.dict(exclude={"enterprise_id"}),
    )
    return 201, practice
