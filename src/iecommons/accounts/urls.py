"""Sign-in and API tokens. The ``accounts`` namespace also holds the invitation and "me"
pages, which show communities and so are the registry's: config/urls.py joins both lists."""

from django.urls import path

from iecommons.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
