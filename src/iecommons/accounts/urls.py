"""Sign-in, password reset and API tokens. The ``accounts`` namespace also holds the
invitation and "me" pages, which show communities and so are the registry's:
config/urls.py joins both lists."""

from django.urls import path

from iecommons.accounts import password_reset, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", password_reset.reset_request, name="password_reset"),
    path("password-reset/sent/", password_reset.reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset.reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", password_reset.reset_complete, name="password_reset_complete"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
