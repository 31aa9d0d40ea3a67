"""URLs of the talent pages, under /talent/."""

from django.urls import path

from iecommons.talent import views

app_name = "talent"
urlpatterns = [
    path("community/<int:community_id>/", views.community_lists, name="community_lists"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/positions/", views.position_add, name="position_add"),
    path("rounds/<int:pk>/ranking/", views.ranking_save, name="ranking_save"),
    path("rounds/<int:pk>/<str:action>/", views.round_action, name="round_action"),
    path("placements/<int:pk>/override/", views.placement_override, name="placement_override"),
]
