"""Who is calling the API, for every app's router.

Three ways to call the API:
- a bearer token (``Authorization: Bearer iec_...``) for programmatic clients;
- the browser's Django session, with the CSRF token on unsafe methods;
- anonymously, on public reads only.
A bearer header with an unknown, revoked or expired key is refused (401) even on a public
read, so that a script with a broken key fails loudly instead of silently reading as
anonymous. Only ``POST /api/tokens`` also takes a username and password (HTTP Basic,
:class:`iecommons.accounts.api.PasswordBasic`), so that a script can get its first token;
those attempts count towards the sign-in lockout.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from iecommons.accounts.services import ApiTokenRefusedError, api_token_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class BearerToken(HttpBearer):
    """``Authorization: Bearer iec_...``: a key made on the tokens page or ``POST /api/tokens``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            return api_token_user(token.strip())
        except ApiTokenRefusedError as refusal:
            raise AuthenticationError(401, str(refusal)) from None


class DjangoSession(APIKeyCookie):
    """The browser's session. Unsafe methods need the CSRF token, as a form would."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # CSRF is checked below, and only when the session actually authenticates: an
        # anonymous write should hear "sign in" (401), not "CSRF failed".
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if request.method not in SAFE_METHODS and not exempt and check_csrf(request) is not None:
            raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header."))
        return user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Lets a public read through without credentials."""
    return AnonymousUser()


SIGNED_IN = [BearerToken(), DjangoSession()]
PUBLIC = [*SIGNED_IN, anonymous]
# config.openapi documents an operation whose auth includes ``anonymous`` as public.
