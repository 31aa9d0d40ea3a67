"""URLs of the talent pages, under /talent/."""

from django.urls import path

from iecommons.talent.views import programmes, rounds

app_name = "talent"
urlpatterns = [
    path("community/<int:community_id>/", rounds.community_lists, name="community_lists"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/positions/", rounds.position_add, name="position_add"),
    path("rounds/<int:pk>/ranking/", rounds.ranking_save, name="ranking_save"),
    path("rounds/<int:pk>/<str:action>/", rounds.round_action, name="round_action"),
    path("placements/<int:pk>/override/", rounds.placement_override, name="placement_override"),
    path(
        "community/<int:community_id>/programmes/",
        programmes.community_programmes,
        name="community_programmes",
    ),
    path("community/<int:community_id>/courses/", programmes.course_add, name="course_add"),
    path("community/<int:community_id>/cohorts/", programmes.cohort_add, name="cohort_add"),
    path("community/<int:community_id>/mentors/", programmes.mentor_add, name="mentor_add"),
    path("cohorts/<int:pk>/", programmes.cohort_detail, name="cohort_detail"),
    path(
        "cohorts/<int:pk>/outcomes/", programmes.cohort_outcomes_save, name="cohort_outcomes_save"
    ),
    path("cohorts/<int:pk>/agreements/", programmes.agreement_add, name="agreement_add"),
    path("agreements/<int:pk>/document/", programmes.agreement_document, name="agreement_document"),
    path(
        "colleges/<int:college_id>/teachers/", programmes.college_teachers, name="college_teachers"
    ),
    path("colleges/<int:college_id>/teachers/add/", programmes.teacher_add, name="teacher_add"),
    path("colleges/<int:college_id>/practice/", programmes.practice_add, name="practice_add"),
]
