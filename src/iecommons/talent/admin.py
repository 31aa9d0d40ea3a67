"""The Django admin of the talent chain, for operators' repairs.

Writes should go through the pages and the API, whose services check the rules and write
the audit trail; the read log of student records is read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from iecommons.talent.models import (
    Application,
    Cohort,
    CollegeMajor,
    CoreProduct,
    Course,
    EnterpriseMentor,
    EnterprisePractice,
    InternshipPosition,
    Placement,
    PlacementRound,
    Student,
    StudentAccess,
    TalentNeed,
    Teacher,
    TechnologyNeed,
    TripartiteAgreement,
)


@admin.register(TalentNeed)
class TalentNeedAdmin(admin.ModelAdmin[TalentNeed]):
    list_display = ["title", "occupation_code", "headcount", "organization", "community", "status"]
    list_filter = ["status", "skill_level"]
    search_fields = ["title", "occupation_code", "organization__name", "community__name"]
    list_select_related = ["organization", "community"]
    autocomplete_fields = ["community", "organization", "region", "created_by"]


@admin.register(TechnologyNeed)
class TechnologyNeedAdmin(admin.ModelAdmin[TechnologyNeed]):
    list_display = ["problem", "organization", "community", "status", "progress", "deadline"]
    list_filter = ["status", "progress"]
    search_fields = ["problem", "organization__name", "community__name"]
    list_select_related = ["organization", "community"]
    autocomplete_fields = ["community", "organization", "created_by"]
    raw_id_fields = ["project"]


@admin.register(CoreProduct)
class CoreProductAdmin(admin.ModelAdmin[CoreProduct]):
    list_display = ["name", "organization", "community", "status"]
    list_filter = ["status"]
    search_fields = ["name", "organization__name", "community__name"]
    list_select_related = ["organization", "community"]
    autocomplete_fields = ["community", "organization", "created_by"]


@admin.register(CollegeMajor)
class CollegeMajorAdmin(admin.ModelAdmin[CollegeMajor]):
    list_display = ["college", "major_code", "year", "enrolment", "graduates"]
    search_fields = ["college__name", "major_code"]
    list_select_related = ["college"]
    autocomplete_fields = ["college"]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin[Student]):
    list_display = ["student_number", "name", "college", "major_code", "year"]
    search_fields = ["student_number", "name", "college__name"]
    list_select_related = ["college"]
    autocomplete_fields = ["college", "user"]


@admin.register(StudentAccess)
class StudentAccessAdmin(admin.ModelAdmin[StudentAccess]):
    list_display = ["at", "actor", "what", "college", "rows"]
    search_fields = ["what", "college__name", "actor__username"]
    list_select_related = ["actor", "college"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PositionInline(admin.TabularInline[InternshipPosition, PlacementRound]):
    model = InternshipPosition
    extra = 0
    autocomplete_fields = ["enterprise"]
    fields = ["title", "enterprise", "seats", "filled", "cutoff_score"]


@admin.register(PlacementRound)
class PlacementRoundAdmin(admin.ModelAdmin[PlacementRound]):
    list_display = ["title", "college", "community", "cohort_year", "status", "matched_at"]
    list_filter = ["status"]
    search_fields = ["title", "college__name", "community__name"]
    list_select_related = ["college", "community"]
    autocomplete_fields = ["community", "college"]
    raw_id_fields = ["previous"]
    inlines = [PositionInline]


@admin.register(InternshipPosition)
class InternshipPositionAdmin(admin.ModelAdmin[InternshipPosition]):
    list_display = ["title", "enterprise", "round", "seats", "filled", "cutoff_score"]
    search_fields = ["title", "enterprise__name", "round__title"]
    list_select_related = ["enterprise", "round"]
    autocomplete_fields = ["enterprise"]
    raw_id_fields = ["round"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["student", "position", "rank", "score"]
    search_fields = ["student__name", "student__student_number", "position__title"]
    list_select_related = ["student", "position"]
    raw_id_fields = ["round", "student", "position"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin[Placement]):
    list_display = ["student", "position", "rank", "round", "override_reason"]
    search_fields = ["student__name", "student__student_number", "position__title"]
    list_select_related = ["student", "position", "round"]
    raw_id_fields = ["round", "student", "position", "matched_position"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ["title", "kind", "college", "community", "year", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "college__name", "community__name"]
    list_select_related = ["college", "community"]
    autocomplete_fields = ["community", "college", "partners"]
    raw_id_fields = ["project"]


class PracticeInline(admin.TabularInline[EnterprisePractice, Teacher]):
    model = EnterprisePractice
    extra = 0
    autocomplete_fields = ["enterprise"]


@admin.register(Teacher)
class TeacherAdmin(admin.ModelAdmin[Teacher]):
    list_display = ["staff_number", "name", "college", "specialised", "dual_qualified"]
    list_filter = ["dual_qualified", "specialised"]
    search_fields = ["name", "staff_number", "college__name"]
    list_select_related = ["college"]
    autocomplete_fields = ["college"]
    inlines = [PracticeInline]


@admin.register(EnterpriseMentor)
class EnterpriseMentorAdmin(admin.ModelAdmin[EnterpriseMentor]):
    list_display = ["name", "enterprise", "college", "year", "teaching_hours"]
    search_fields = ["name", "enterprise__name", "college__name"]
    list_select_related = ["enterprise", "college"]
    autocomplete_fields = ["community", "enterprise", "college"]


class AgreementInline(admin.TabularInline[TripartiteAgreement, Cohort]):
    model = TripartiteAgreement
    extra = 0
    raw_id_fields = ["student"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ["title", "kind", "enterprise", "college", "intake_year", "size", "hired"]
    list_filter = ["kind"]
    search_fields = ["title", "enterprise__name", "college__name", "community__name"]
    list_select_related = ["enterprise", "college"]
    autocomplete_fields = ["community", "enterprise", "college"]
    inlines = [AgreementInline]
