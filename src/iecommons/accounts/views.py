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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from iecommons.accounts import services
from iecommons.accounts.forms import LoginForm, TokenCreateForm
from iecommons.accounts.models import ApiToken, User
from iecommons.authz import accounts as rules
from iecommons.authz.scope import require
from iecommons.common.confirmation import Confirmation, is_confirmed, render_confirmation
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
@GET_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of one's tokens, after its confirmation (common/confirmation.py)."""
    token = get_object_or_404(ApiToken, pk=pk)
    require(rules.can_revoke_token(request.user, token))
    if token.revoked_at is not None:
        messages.info(request, _("The token %(name)s is already revoked.") % {"name": token.name})
        return redirect("accounts:tokens")
    if not is_confirmed(request):
        return render_confirmation(
            request,
            Confirmation(
                title=_("Revoke the token %(name)s?") % {"name": token.name},
                message=_(
                    "Every program using it (prefix %(prefix)s…) is refused from now on. "
                    "This cannot be undone: make a new token if one is needed again."
                )
                % {"prefix": token.prefix},
                confirm_label=_("Revoke token"),
                action=request.path,
                cancel_url=reverse("accounts:tokens"),
            ),
        )
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
