"""The JSON API under /api/: django-ninja's URLs at the root of this module."""

from iecommons.config.api import api

app_name = "api"
urlpatterns = api.urls[0]
