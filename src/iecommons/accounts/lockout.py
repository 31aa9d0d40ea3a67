"""Sign-in throttling with django-axes: whose address counts, and what a locked-out caller hears.

django-axes counts failed sign-ins in the database, per username and per address (the
settings name the limit and the cool-off). It calls these two functions by name.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from iecommons.accounts.forms import LoginForm


def client_address(request: HttpRequest) -> str | None:
    """The caller's address: the connection's own, or the one the trusted proxies recorded.

    With ``TRUSTED_PROXY_COUNT`` proxies in front, each appends the address it received the
    request from to X-Forwarded-For, so the entry that many places from the right is the
    client's; anything further left was written by the client and is not believed.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-ins for this account or from this address. Signing in is "
        "blocked for %(minutes)d minutes, even with the right password; if you have "
        "forgotten it, reset it by e-mail."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """429: JSON for the API, the sign-in page with the reason for a person."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": lockout_message()}, status=429)
    else:
        response = render(
            request,
            "accounts/login.html",
            {"form": LoginForm(request), "lockout_message": lockout_message()},
            status=429,
        )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
