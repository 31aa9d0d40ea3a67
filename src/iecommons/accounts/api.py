"""The accounts JSON API: the caller's own account, roles and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import AuthenticationError
from ninja.security import HttpBasicAuth

from iecommons.accounts import selectors, services
from iecommons.accounts.api_auth import SIGNED_IN
from iecommons.accounts.models import ApiToken
from iecommons.accounts.schemas import MeOut, NewTokenOut, TokenIn, TokenOut
from iecommons.authz.scope import is_operator
from iecommons.common.api import ERRORS, ErrorOut, actor

router = Router(tags=["accounts"])


class PasswordBasic(HttpBasicAuth):
    """Username and password (HTTP Basic), on ``POST /api/tokens`` only: how a script gets
    its first token. Each attempt goes through Django's sign-in, so failures count towards
    the same lockout as the sign-in page (429 once locked)."""

    def authenticate(self, request: HttpRequest, username: str, password: str) -> Any:
        user = authenticate(request, username=username, password=password)
        if user is None:
            raise AuthenticationError(401, _("The username or password is not right."))
        return user


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> Any:
    """The caller, and its active roles with where each applies."""
    user = actor(request)
    roles = selectors.roles_of(user)
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "is_operator": is_operator(user),
        "roles": list(roles),
    }


@router.get("/tokens", response={200: list[TokenOut], **ERRORS})
def token_list(request: HttpRequest) -> Any:
    """The caller's API tokens, revoked ones included (without their keys)."""
    return ApiToken.objects.filter(user=actor(request))


@router.post(
    "/tokens",
    response={201: NewTokenOut, **ERRORS, 429: ErrorOut},
    auth=[PasswordBasic(), *SIGNED_IN],
)
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    """A new token for the caller's account, working until the end of ``expires_on``
    (default a year from today, at most three years). The key is in this answer only.

    Besides a token or the browser session, this endpoint takes the username and password
    as HTTP Basic credentials; after repeated failures for a username or from an address
    it answers 429 until the lockout ends."""
    token, key = services.api_token_create(
        actor=actor(request), name=payload.name, expires_on=payload.expires_on
    )
    token.key = key  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS})
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    """Revoke one of the caller's tokens; it stops working at once."""
    token = ApiToken.objects.get(pk=token_id)
    services.api_token_revoke(actor=actor(request), token=token)
    return Status(204, None)
