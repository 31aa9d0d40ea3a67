"""Public pages of the registry: communities and organisations, searchable by anyone."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
