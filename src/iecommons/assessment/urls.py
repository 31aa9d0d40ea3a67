"""Pages of the assessment app, under ``/assessment/``; each sub-area lists its own."""

from iecommons.assessment.views import cycles, data, frameworks, judgments, surveys

from iecommons.assessment.urls_runs import urlpatterns as runs_urlpatterns

app_name = "assessment"

<<<<<<< HEAD
urlpatterns: list = []
urlpatterns += runs_urlpatterns  # runs, results, published grades, rectification
=======
urlpatterns = [
    *cycles.urlpatterns,
    *frameworks.urlpatterns,
    *data.urlpatterns,
    *surveys.urlpatterns,
    *judgments.urlpatterns,
]
>>>>>>> assess
