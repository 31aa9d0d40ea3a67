"""Management pages: what supervisors, secretariats and member representatives change."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
