"""Pages of the assessment app, under ``/assessment/``; each sub-area lists its own."""

from iecommons.assessment.urls_runs import urlpatterns as runs_urlpatterns
from iecommons.assessment.views import cycles, data, frameworks, judgments, surveys

app_name = "assessment"

urlpatterns = [
    *cycles.urlpatterns,
    *frameworks.urlpatterns,
    *data.urlpatterns,
    *surveys.urlpatterns,
    *judgments.urlpatterns,
]
urlpatterns += runs_urlpatterns  # runs, results, published grades, rectification
