"""URLs of the talent pages, under /talent/."""

from django.urls import path

from iecommons.talent.views import lists, programmes, rounds, supply

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
    path("community/<int:community_id>/post/", lists.list_post, name="list_post"),
    path(
        "community/<int:community_id>/post/<str:kind>/", lists.list_item_add, name="list_item_add"
    ),
    path(
        "community/<int:community_id>/import/",
        lists.list_import_upload,
        name="list_import_upload",
    ),
    path(
        "community/<int:community_id>/review/<str:kind>/<int:item_id>/<str:decision>/",
        lists.list_item_decide,
        name="list_item_decide",
    ),
    path(
        "community/<int:community_id>/supply-demand/",
        supply.community_supply,
        name="community_supply",
    ),
    path(
        "community/<int:community_id>/supply-demand.xlsx",
        supply.community_supply_xlsx,
        name="community_supply_xlsx",
    ),
    path("supply-demand/", supply.supply_overview, name="supply_overview"),
    path("supply-demand.xlsx", supply.supply_overview_xlsx, name="supply_overview_xlsx"),
]
