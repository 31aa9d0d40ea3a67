"""Sign-in and sign-out, and API tokens. Accepting an invitation and the "me" page show
communities, so they are the registry's (:mod:`iecommons.registry.views.account`)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from iecommons.accounts import services
from iecommons.accounts.forms import LoginForm, TokenCreateForm
from iecommons.accounts.models import ApiToken, User
from iecommons.common.forms import apply_service_errors

GET_POST = require_http_methods(["GET", "POST"])

login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout_view = auth_views.LogoutView.as_view()


@login_required
@GET_POST
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; a new key is shown once, in the response that creates it."""
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            form = TokenCreateForm()
    response = render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": ApiToken.objects.filter(user=cast(User, request.user)).order_by(
                "-created_at"
            ),
            "now": timezone.now(),
        },
    )
    # The key must not linger in a cache or in the browser's history.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
