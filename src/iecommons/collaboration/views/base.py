"""What every collaboration page shares: finding a community or an object the visitor
may see, and answering 403/404 (or the login page) otherwise."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from iecommons.authz import collaboration as rules
from iecommons.common.pages import REFUSED, is_refused
from iecommons.registry.models import Community
from iecommons.registry.pages import community_or_404

__all__ = [
    "LoginRequiredError",
    "community_or_404",
    "login_redirects",
    "page",
    "require",
    "require_private",
    "require_visible",
]


class LoginRequiredError(Exception):
    """Raised for an anonymous visitor of a private page; the view sends them to log in."""


def require_private(request: HttpRequest, community: Community) -> None:
    """403 for a signed-in visitor who may not see the community's private records."""
    if not request.user.is_authenticated:
        raise LoginRequiredError
    if not rules.can_see_private(request.user, community):
        raise PermissionDenied


def require_visible(request: HttpRequest, allowed: bool) -> None:
    """404 for a private object the visitor may not see (it does not exist for them)."""
    if not allowed:
        if not request.user.is_authenticated:
            raise LoginRequiredError
        raise Http404


def require(request: HttpRequest, allowed: bool) -> None:
    if not allowed:
        if not request.user.is_authenticated:
            raise LoginRequiredError
        raise PermissionDenied


def login_redirects(view: Any) -> Any:
    """Turn :class:`LoginRequiredError` into a redirect to the login page."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except LoginRequiredError:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def page(
    request: HttpRequest, template: str, community: Community | None, **context: Any
) -> HttpResponse:
    """Render a collaboration page with the community navigation's flags."""
    if community is not None:
        context.setdefault("community", community)
        user = request.user
        context.setdefault("can_see_private", rules.can_see_private(user, community))
        context.setdefault("is_secretariat", rules.can_run(user, community))
    # A refused form answers 422 (common.pages), whichever page shows it.
    http_status = context.pop("http_status", REFUSED if is_refused(context.get("form")) else 200)
    return render(request, f"collaboration/{template}", context, status=http_status)
