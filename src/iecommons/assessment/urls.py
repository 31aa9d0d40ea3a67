"""Pages of the assessment app, under ``/assessment/``."""

from iecommons.assessment.urls_runs import urlpatterns as runs_urlpatterns

app_name = "assessment"

urlpatterns: list = []
urlpatterns += runs_urlpatterns  # runs, results, published grades, rectification
