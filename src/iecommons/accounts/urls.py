"""Sign-in, invitations and API tokens."""

from django.urls import URLPattern

app_name = "accounts"
urlpatterns: list[URLPattern] = []
