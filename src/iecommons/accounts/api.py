"""The accounts JSON API: the caller's own account, roles and API tokens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from iecommons.accounts import selectors, services
from iecommons.accounts.models import ApiToken
from iecommons.accounts.schemas import MeOut, NewTokenOut, TokenIn, TokenOut
from iecommons.authz.scope import is_operator
from iecommons.common.api import ERRORS, actor

router = Router(tags=["accounts"])


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


@router.post("/tokens", response={201: NewTokenOut, **ERRORS})
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    """A new token for the caller's account. The key is in this answer only."""
    token, key = services.api_token_create(actor=actor(request), name=payload.name)
    token.key = key  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS})
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    """Revoke one of the caller's tokens; it stops working at once."""
    token = ApiToken.objects.get(pk=token_id)
    services.api_token_revoke(actor=actor(request), token=token)
    return Status(204, None)
