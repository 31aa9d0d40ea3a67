"""Pages of the assessment app, under ``/assessment/``: every URL of the app, by sub-area."""

from django.urls import path

from iecommons.assessment.views import (
    assignments,
    cycles,
    data,
    frameworks,
    judgments,
    publications,
    results,
    runs,
    surveys,
)

app_name = "assessment"

urlpatterns = [
    # cycles
    path("", cycles.cycle_list, name="cycle_list"),
    path("cycles/open/", cycles.cycle_open, name="cycle_open"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/derive/", cycles.cycle_derive, name="cycle_derive"),
    path("cycles/<int:pk>/weighting/", cycles.cycle_weighting, name="cycle_weighting"),
    path("cycles/<int:pk>/experts/", cycles.cycle_expert_appoint, name="cycle_expert_appoint"),
    path(
        "cycles/<int:pk>/assignments/",
        assignments.expert_assignments,
        name="expert_assignments",
    ),
    path(
        "cycles/<int:pk>/assignments/<int:assignment_pk>/remove/",
        assignments.expert_assignment_remove,
        name="expert_assignment_remove",
    ),
    # frameworks
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path("frameworks/new/", frameworks.framework_create, name="framework_create"),
    path("frameworks/<int:pk>/", frameworks.framework_detail, name="framework_detail"),
    path(
        "frameworks/<int:pk>/new-version/",
        frameworks.framework_new_version,
        name="framework_new_version",
    ),
    path("frameworks/<int:pk>/indicators/add/", frameworks.indicator_add, name="indicator_add"),
    path("indicators/<int:pk>/edit/", frameworks.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/move/", frameworks.indicator_move, name="indicator_move"),
    # data
    path(
        "cycles/<int:pk>/communities/<int:community_pk>/",
        data.community_data,
        name="community_data",
    ),
    path(
        "cycles/<int:pk>/communities/<int:community_pk>/indicators/<int:indicator_pk>/submit/",
        data.value_submit,
        name="value_submit",
    ),
    path(
        "cycles/<int:pk>/communities/<int:community_pk>/indicators/<int:indicator_pk>/score/",
        data.expert_score,
        name="expert_score",
    ),
    path("cycles/<int:pk>/verification/", data.verification_queue, name="verification_queue"),
    path("values/<int:pk>/verify/", data.value_verify, name="value_verify"),
    path("values/<int:pk>/return/", data.value_return, name="value_return"),
    path("evidence/<int:pk>/", data.evidence_download, name="evidence_download"),
    # surveys
    path("cycles/<int:pk>/surveys/", surveys.survey_list, name="survey_list"),
    path("surveys/mine/", surveys.my_surveys, name="my_surveys"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/send/", surveys.survey_send, name="survey_send"),
    path("surveys/<int:pk>/close/", surveys.survey_close, name="survey_close"),
    path("invitations/<int:pk>/respond/", surveys.survey_respond, name="survey_respond"),
    # judgments
    path("cycles/<int:pk>/judgments/", judgments.judgment_list, name="judgment_list"),
    path("cycles/<int:pk>/judgments/<str:node>/", judgments.judgment_node, name="judgment_node"),
    path(
        "cycles/<int:pk>/judgments/<str:node>/check/",
        judgments.judgment_check,
        name="judgment_check",
    ),
    # runs, results, published grades, rectification
    path("cycles/<int:cycle_pk>/runs/", runs.run_list, name="run_list"),
    path("cycles/<int:cycle_pk>/runs/start/", runs.run_start, name="run_start"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", runs.run_progress, name="run_progress"),
    path("runs/<int:pk>/snapshot.json", runs.run_snapshot, name="run_snapshot"),
    path("runs/<int:pk>/cancel/", runs.run_cancel, name="run_cancel"),
    path("runs/<int:pk>/publish/", runs.run_publish, name="run_publish"),
    path("runs/<int:pk>/withdraw/", publications.publication_withdraw, name="publication_withdraw"),
    path(
        "runs/<int:pk>/rectification/new/",
        runs.rectification_task_create,
        name="rectification_task_create",
    ),
    path(
        "runs/<int:pk>/rectification/",
        runs.rectification_generate,
        name="rectification_generate",
    ),
    path("runs/<int:pk>/results/", results.results_table, name="results_table"),
    path("runs/<int:pk>/results.xlsx", results.results_export, name="results_export"),
    path(
        "runs/<int:pk>/results/<int:community_pk>/",
        results.result_detail,
        name="result_detail",
    ),
    path(
        "runs/<int:pk>/results/<int:community_pk>/check/",
        results.result_check,
        name="result_check",
    ),
    path("grades/", results.published_grades, name="published_grades"),
    path("rectification/", results.rectification_list, name="rectification_list"),
    path(
        "rectification/<int:pk>/",
        results.rectification_detail,
        name="rectification_detail",
    ),
    path(
        "rectification/<int:pk>/complete/",
        results.rectification_complete,
        name="rectification_complete",
    ),
]
