from django.urls import path

from iecommons.oversight.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="report_index"),
    path("batches/", views.batch_start, name="batch_start"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/archive.zip", views.batch_download, name="batch_download"),
    path("<int:community_id>/start", views.report_start, name="report_start"),
    path("<int:community_id>/<int:year>/", views.report_detail, name="report_detail"),
    path(
        "<int:community_id>/<int:year>/narrative", views.report_narrative, name="report_narrative"
    ),
    path(
        "<int:community_id>/<int:year>/refresh",
        views.report_step,
        {"step": "refresh"},
        name="report_refresh",
    ),
    path(
        "<int:community_id>/<int:year>/submit",
        views.report_step,
        {"step": "submit"},
        name="report_submit",
    ),
    path(
        "<int:community_id>/<int:year>/accept",
        views.report_step,
        {"step": "accept"},
        name="report_accept",
    ),
    path("<int:community_id>/<int:year>/return", views.report_return, name="report_return"),
    path("<int:community_id>/<int:year>/report.pdf", views.report_download, name="report_download"),
]
