"""Pages of the programmes built with industry: a community's co-developed courses, order
classes and apprenticeships and enterprise mentors; a cohort with its outcomes and
agreements; a college's teachers with their enterprise practice.

Thin: each page asks :mod:`iecommons.authz.talent`, reads through the selectors and writes
through one service; a refusal is shown beside the field it names (422).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iecommons.authz import talent as rules
from iecommons.authz.scope import acting_organization_ids, require
from iecommons.common.collation import pinyin
from iecommons.registry.models import Community, Organization
from iecommons.talent import selectors
from iecommons.talent.forms import (
    AgreementForm,
    CohortForm,
    CourseForm,
    MentorForm,
    OutcomesForm,
    PracticeForm,
    TeacherForm,
    apply_refusal,
    chosen,
)
from iecommons.talent.models import Cohort, Student, Teacher, TripartiteAgreement
from iecommons.talent.services import faculty, programmes
from iecommons.talent.services.students import COLLEGE_TYPES
from iecommons.talent.skills import skill_names


def _community(request: HttpRequest, community_id: int) -> Community:
    community = get_object_or_404(Community.objects.select_related("field"), pk=community_id)
    if not rules.can_see_programmes(request.user, community):
        raise Http404
    return community


def _members(community: Community) -> tuple[list[Organization], list[Organization]]:
    """The community's active member colleges and enterprises."""
    organizations = list(
        Organization.objects.filter(
            memberships__community=community, memberships__left__isnull=True
        )
        .distinct()
        .order_by(pinyin("name"))
    )
    colleges = [o for o in organizations if o.type in COLLEGE_TYPES]
    enterprises = [o for o in organizations if o.type == Organization.Type.ENTERPRISE]
    return colleges, enterprises


class _Sides:
    """Which colleges and enterprises the viewer may choose on the community's forms."""

    def __init__(self, request: HttpRequest, community: Community) -> None:
        colleges, enterprises = _members(community)
        acting = acting_organization_ids(request.user, community)
        self.own_colleges = [o for o in colleges if o.pk in acting]
        self.own_enterprises = [o for o in enterprises if o.pk in acting]
        self.enterprises = enterprises
        acts = bool(self.own_colleges or self.own_enterprises)
        # A college picks any enterprise, an enterprise any college; each its own side only.
        self.colleges_for_cohort = self.own_colleges or (colleges if acts else [])
        self.enterprises_for_cohort = self.own_enterprises or (enterprises if acts else [])

    def course_form(self, data: Any = None) -> CourseForm | None:
        if not self.own_colleges:
            return None
        return CourseForm(
            data, colleges=self.own_colleges, enterprises=self.enterprises, prefix="course"
        )

    def cohort_form(self, data: Any = None) -> CohortForm | None:
        if not self.colleges_for_cohort:
            return None
        return CohortForm(
            data,
            colleges=self.colleges_for_cohort,
            enterprises=self.enterprises_for_cohort,
            prefix="cohort",
        )

    def mentor_form(self, data: Any = None) -> MentorForm | None:
        if not self.colleges_for_cohort:
            return None
        return MentorForm(
            data,
            colleges=self.colleges_for_cohort,
            enterprises=self.enterprises_for_cohort,
            prefix="mentor",
        )


def _programmes_page(
    request: HttpRequest, community: Community, status: int = 200, **forms: Any
) -> HttpResponse:
    sides = _Sides(request, community)
    courses = list(selectors.community_courses(community)[:300])
    for course in courses:
        course.skill_names = skill_names(course.skills)  # type: ignore[attr-defined]
    context = {
        "community": community,
        "courses": courses,
        "cohorts": list(selectors.community_cohorts(community)[:300]),
        "mentors": list(selectors.community_mentors(request.user, community)[:300]),
        "mentor_years": selectors.mentor_hours_by_year(community),
        "course_form": forms.get("course_form", sides.course_form()),
        "cohort_form": forms.get("cohort_form", sides.cohort_form()),
        "mentor_form": forms.get("mentor_form", sides.mentor_form()),
        "own_colleges": sides.own_colleges,
    }
    return render(request, "talent/programmes.html", context, status=status)


def community_programmes(request: HttpRequest, community_id: int) -> HttpResponse:
    """A community's co-developed courses, cohorts and mentors (its private area)."""
    return _programmes_page(request, _community(request, community_id))


def _back_to(community: Community) -> HttpResponse:
    return redirect(reverse("talent:community_programmes", args=[community.pk]))


@require_POST
def course_add(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    sides = _Sides(request, community)
    form = sides.course_form(request.POST)
    require(form is not None)
    assert form is not None
    if form.is_valid():
        data = form.cleaned_data
        try:
            programmes.course_record(
                actor=request.user,
                community=community,
                college=chosen(sides.own_colleges, data["college"]),
                kind=data["kind"],
                title=data["title"],
                major_code=data["major_code"],
                year=data["year"],
                hours=data["hours"],
                status=data["status"],
                partners=[chosen(sides.enterprises, pk) for pk in data["partners"]],
                skills=data["skills"],
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, _("The course is recorded."))
            return _back_to(community)
    return _programmes_page(request, community, 422, course_form=form)


@require_POST
def cohort_add(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    sides = _Sides(request, community)
    form = sides.cohort_form(request.POST)
    require(form is not None)
    assert form is not None
    if form.is_valid():
        data = form.cleaned_data
        try:
            cohort = programmes.cohort_record(
                actor=request.user,
                community=community,
                kind=data["kind"],
                title=data["title"],
                enterprise=chosen(sides.enterprises_for_cohort, data["enterprise"]),
                college=chosen(sides.colleges_for_cohort, data["college"]),
                major_code=data["major_code"],
                intake_year=data["intake_year"],
                size=data["size"],
                school_hours=data["school_hours"],
                enterprise_hours=data["enterprise_hours"],
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, _("The cohort is recorded."))
            return redirect(reverse("talent:cohort_detail", args=[cohort.pk]))
    return _programmes_page(request, community, 422, cohort_form=form)


@require_POST
def mentor_add(request: HttpRequest, community_id: int) -> HttpResponse:
    community = _community(request, community_id)
    sides = _Sides(request, community)
    form = sides.mentor_form(request.POST)
    require(form is not None)
    assert form is not None
    if form.is_valid():
        data = form.cleaned_data
        try:
            faculty.mentor_record(
                actor=request.user,
                community=community,
                enterprise=chosen(sides.enterprises_for_cohort, data["enterprise"]),
                college=chosen(sides.colleges_for_cohort, data["college"]),
                name=data["name"],
                qualification=data["qualification"],
                year=data["year"],
                teaching_hours=data["teaching_hours"],
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, _("The mentor is recorded."))
            return _back_to(community)
    return _programmes_page(request, community, 422, mentor_form=form)


# --- a cohort --------------------------------------------------------------------------------


def _cohort(request: HttpRequest, pk: int) -> Cohort:
    cohort = get_object_or_404(
        Cohort.objects.select_related("community", "enterprise", "college"), pk=pk
    )
    if not rules.can_see_programmes(request.user, cohort.community):
        raise Http404
    return cohort


def _candidates(cohort: Cohort) -> list[Student]:
    return list(
        Student.objects.filter(
            college_id=cohort.college_id, major_code=cohort.major_code, year=cohort.intake_year
        )
        .exclude(agreements__cohort=cohort)
        .order_by("student_number")[:500]
    )


def _cohort_page(
    request: HttpRequest, cohort: Cohort, status: int = 200, **forms: Any
) -> HttpResponse:
    editable = rules.can_edit_cohort(request.user, cohort)
    outcomes_form = forms.get("outcomes_form")
    if outcomes_form is None and editable:
        outcomes_form = OutcomesForm(
            initial={
                "completed": cohort.completed,
                "certified": cohort.certified,
                "hired": cohort.hired,
                "retained": cohort.retained,
            },
            prefix="outcomes",
        )
    agreement_form = forms.get("agreement_form")
    if agreement_form is None and editable:
        agreement_form = AgreementForm(students=_candidates(cohort), prefix="agreement")
    context = {
        "cohort": cohort,
        "community": cohort.community,
        "agreements": selectors.cohort_agreements(request.user, cohort) if editable else [],
        "agreement_count": cohort.agreements.count(),
        "outcomes_form": outcomes_form,
        "agreement_form": agreement_form,
    }
    return render(request, "talent/cohort_detail.html", context, status=status)


def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _cohort_page(request, _cohort(request, pk))


@require_POST
def cohort_outcomes_save(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    require(rules.can_edit_cohort(request.user, cohort))
    form = OutcomesForm(request.POST, prefix="outcomes")
    if form.is_valid():
        try:
            programmes.cohort_outcomes_report(
                actor=request.user, cohort=cohort, **form.cleaned_data
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, _("The outcomes are saved."))
            return redirect(reverse("talent:cohort_detail", args=[cohort.pk]))
    return _cohort_page(request, cohort, 422, outcomes_form=form)


@require_POST
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    require(rules.can_edit_cohort(request.user, cohort))
    students = _candidates(cohort)
    form = AgreementForm(request.POST, request.FILES, students=students, prefix="agreement")
    if form.is_valid():
        data = form.cleaned_data
        try:
            programmes.agreement_record(
                actor=request.user,
                cohort=cohort,
                student=next((s for s in students if str(s.pk) == data["student"]), None),
                signed_on=data["signed_on"],
                document=data["document"],
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, _("The agreement is recorded."))
            return redirect(reverse("talent:cohort_detail", args=[cohort.pk]))
    return _cohort_page(request, cohort, 422, agreement_form=form)


def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed agreement, for those who may see it; never served as a page."""
    agreement = get_object_or_404(
        rules.visible_agreements(request.user, TripartiteAgreement.objects.all()), pk=pk
    )
    selectors.student_access_log(request.user, what="agreement_document", rows=1)
    response = FileResponse(agreement.document.open("rb"), as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- a college's teachers --------------------------------------------------------------------


def _college(request: HttpRequest, college_id: int) -> Organization:
    college = get_object_or_404(Organization, pk=college_id, type__in=COLLEGE_TYPES)
    if not rules.can_manage_teachers(request.user, college):
        raise Http404
    return college


def _practice_enterprises(college: Organization) -> list[Organization]:
    """Enterprises that are active members of a community the college is a member of."""
    return list(
        Organization.objects.filter(
            type=Organization.Type.ENTERPRISE,
            memberships__left__isnull=True,
            memberships__community__memberships__organization=college,
            memberships__community__memberships__left__isnull=True,
        )
        .distinct()
        .order_by(pinyin("name"))[:500]
    )


def _teachers_page(
    request: HttpRequest, college: Organization, status: int = 200, **forms: Any
) -> HttpResponse:
    rows = selectors.college_teachers(request.user, college, timezone.localdate())
    teacher_form = forms.get("teacher_form") or TeacherForm(prefix="teacher")
    practice_form = forms.get("practice_form") or PracticeForm(
        teachers=[row.teacher for row in rows],
        enterprises=_practice_enterprises(college),
        prefix="practice",
    )
    context = {
        "college": college,
        "rows": rows,
        "dual_qualified": sum(row.teacher.dual_qualified for row in rows),
        "short": sum(not row.status.compliant for row in rows),
        "teacher_form": teacher_form,
        "practice_form": practice_form,
    }
    return render(request, "talent/teachers.html", context, status=status)


def college_teachers(request: HttpRequest, college_id: int) -> HttpResponse:
    """A college's teachers: 双师型 status and enterprise practice in the last five years."""
    return _teachers_page(request, _college(request, college_id))


@require_POST
def teacher_add(request: HttpRequest, college_id: int) -> HttpResponse:
    college = _college(request, college_id)
    form = TeacherForm(request.POST, prefix="teacher")
    if form.is_valid():
        try:
            faculty.teacher_register(actor=request.user, college=college, **form.cleaned_data)
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, _("The teacher is registered."))
            return redirect(reverse("talent:college_teachers", args=[college.pk]))
    return _teachers_page(request, college, 422, teacher_form=form)


@require_POST
def practice_add(request: HttpRequest, college_id: int) -> HttpResponse:
    college = _college(request, college_id)
    teachers = list(Teacher.objects.filter(college=college).order_by("staff_number"))
    enterprises = _practice_enterprises(college)
    form = PracticeForm(request.POST, teachers=teachers, enterprises=enterprises, prefix="practice")
    if form.is_valid():
        data = form.cleaned_data
        teacher = next((t for t in teachers if str(t.pk) == data["teacher"]), None)
        if teacher is None:
            raise Http404
        try:
            faculty.practice_record(
                actor=request.user,
                teacher=teacher,
                enterprise=chosen(enterprises, data["enterprise"]),
                starts=data["starts"],
                ends=data["ends"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, _("The enterprise practice is recorded."))
            return redirect(reverse("talent:college_teachers", args=[college.pk]))
    return _teachers_page(request, college, 422, practice_form=form)
