"""URLs of runs, results, published grades and rectification (included by the app's urls)."""

from django.urls import path

from iecommons.assessment import views_results, views_runs

urlpatterns = [
    path("cycles/<int:cycle_pk>/runs/", views_runs.run_list, name="run_list"),
    path("cycles/<int:cycle_pk>/runs/start/", views_runs.run_start, name="run_start"),
    path("runs/<int:pk>/", views_runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views_runs.run_progress, name="run_progress"),
    path("runs/<int:pk>/publish/", views_runs.run_publish, name="run_publish"),
    path(
        "runs/<int:pk>/rectification/",
        views_runs.rectification_generate,
        name="rectification_generate",
    ),
    path("runs/<int:pk>/results/", views_results.results_table, name="results_table"),
    path("runs/<int:pk>/results.xlsx", views_results.results_export, name="results_export"),
    path(
        "runs/<int:pk>/results/<int:community_pk>/",
        views_results.result_detail,
        name="result_detail",
    ),
    path("grades/", views_results.published_grades, name="published_grades"),
    path("rectification/", views_results.rectification_list, name="rectification_list"),
    path(
        "rectification/<int:pk>/",
        views_results.rectification_detail,
        name="rectification_detail",
    ),
    path(
        "rectification/<int:pk>/complete/",
        views_results.rectification_complete,
        name="rectification_complete",
    ),
]
