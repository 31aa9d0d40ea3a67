"""Pages of the assessment app, under ``/assessment/``."""


app_name = "assessment"

urlpatterns: list = []
