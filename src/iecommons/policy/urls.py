from django.urls import path

from iecommons.policy.views import (
    certification,
    certification_paths,
    demonstration,
    documents,
    lab,
    programmes,
)

app_name = "policy"

urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("applications/", programmes.application_list, name="application_list"),
    path("applications/<int:pk>/", programmes.application_detail, name="application_detail"),
    path("applications/<int:pk>/review", programmes.application_review, name="application_review"),
    path("applications/<int:pk>/decide", programmes.application_decide, name="application_decide"),
    path(
        "applications/<int:pk>/disburse",
        programmes.application_disburse,
        name="application_disburse",
    ),
    path("applications/<int:pk>/appeal", programmes.application_appeal, name="application_appeal"),
    path(
        "applications/<int:pk>/documents",
        programmes.application_document_add,
        name="application_document_add",
    ),
    path(
        "application-documents/<int:pk>",
        programmes.application_document_download,
        name="application_document_download",
    ),
    path("awards/", programmes.awards, name="awards"),
    path("awards.csv", programmes.awards_csv, name="awards_csv"),
    path("certified/", certification.certified_list, name="certified_list"),
    path("organizations/<int:pk>/calculator/", certification.calculator, name="calculator"),
    path(
        "organizations/<int:pk>/evidence-pack.zip",
        certification.evidence_pack,
        name="evidence_pack",
    ),
    path(
        "organizations/<int:pk>/certification/apply",
        certification_paths.certification_apply,
        name="certification_apply",
    ),
    path("certification/", certification_paths.certification_list, name="certification_list"),
    path(
        "certification/<int:pk>/",
        certification_paths.certification_detail,
        name="certification_detail",
    ),
    path(
        "certification/<int:pk>/evidence",
        certification_paths.certification_evidence,
        name="certification_evidence",
    ),
    path(
        "certification/<int:pk>/documents",
        certification_paths.certification_document_add,
        name="certification_document_add",
    ),
    path(
        "certification/<int:pk>/certify",
        certification_paths.certification_certify,
        name="certification_certify",
    ),
    path(
        "certification/<int:pk>/reject",
        certification_paths.certification_reject,
        name="certification_reject",
    ),
    path(
        "certification/<int:pk>/confirm",
        certification_paths.certification_confirm,
        name="certification_confirm",
    ),
    path(
        "certification/<int:pk>/withdraw",
        certification_paths.certification_withdraw,
        name="certification_withdraw",
    ),
    path(
        "certification-documents/<int:pk>",
        certification_paths.certification_document_download,
        name="certification_document_download",
    ),
    path("criteria/", certification_paths.criteria_index, name="criteria_index"),
    path("criteria/<str:code>/", certification_paths.criteria_detail, name="criteria_detail"),
    path("documents/", documents.document_list, name="document_list"),
    path("documents/new", documents.document_create, name="document_create"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/file", documents.document_file, name="document_file"),
    path("measures/<int:pk>/", documents.measure_detail, name="measure_detail"),
    path(
        "implementations/<int:pk>/evidence",
        documents.implementation_evidence,
        name="implementation_evidence",
    ),
    path("board/", documents.board, name="board"),
    path("demonstrations/", demonstration.demonstration_list, name="demonstration_list"),
    path("demonstrations/new", demonstration.demonstration_create, name="demonstration_create"),
    path(
        "demonstrations/<int:pk>/",
        demonstration.demonstration_detail,
        name="demonstration_detail",
    ),
    path(
        "demonstrations/<int:pk>/revise",
        demonstration.demonstration_revise,
        name="demonstration_revise",
    ),
    path(
        "demonstrations/<int:pk>/candidates/",
        demonstration.demonstration_candidates,
        name="demonstration_candidates",
    ),
    path(
        "demonstrations/<int:pk>/publish",
        demonstration.demonstration_publish,
        name="demonstration_publish",
    ),
    path(
        "demonstrations/<int:pk>/finalise",
        demonstration.demonstration_finalise,
        name="demonstration_finalise",
    ),
    path(
        "demonstrations/<int:pk>/list.<str:extension>",
        demonstration.demonstration_export,
        name="demonstration_export",
    ),
    path(
        "demonstration-objections/<int:pk>/answer",
        demonstration.objection_answer,
        name="objection_answer",
    ),
    path("lab/", lab.scenario_list, name="scenario_list"),
    path("lab/<int:pk>/", lab.scenario_detail, name="scenario_detail"),
]
