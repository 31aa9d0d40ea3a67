"""What every app's API router shares: who is calling, and how lists are paged.

Three ways to call the API:
- a bearer token (``Authorization: Bearer iec_...``) for programmatic clients;
- the browser's Django session, with the CSRF token on unsafe methods;
- anonymously, on public reads only.
A bearer header with an unknown or revoked key is refused (401) even on a public read,
so that a script with a broken key fails loudly instead of silently reading as anonymous.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Choices, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf
from pydantic import PlainSerializer, WithJsonSchema

from iecommons.accounts.services import api_token_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MAX_PAGE_SIZE = 100
#: Far beyond the last page of any list (100,000 memberships are 5,000 pages of 20), and
#: small enough that the row offset it makes fits every database's integer.
MAX_PAGE = 100_000


class BearerToken(HttpBearer):
    """``Authorization: Bearer iec_...``: a key made on the tokens page or ``POST /api/tokens``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token.strip())
        if user is None:
            raise AuthenticationError(401, _("The API token is unknown or has been revoked."))
        return user


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


def actor(request: HttpRequest) -> Any:
    """The user the request acts as (``AnonymousUser`` on an anonymous public read)."""
    return getattr(request, "auth", None) or AnonymousUser()


class PageQuery(Schema):
    """The paging parameters of every list of the API, bounded in this one place."""

    page: int = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="Rows per page, at most 100.")


def choices_schema(choices: type[Choices], title: str) -> WithJsonSchema:
    """The allowed values of a choice field, inline in the OpenAPI schema.

    Inline rather than by reference: several of the models' choices share a class name
    (``Level``, ``Role``), and references by that name would collide in the schema.
    """
    return WithJsonSchema({"type": "string", "enum": list(choices.values), "title": title})


def _local_time(value: datetime.time) -> str:
    # RFC 3339 (the OpenAPI ``time`` format) wants an offset; the platform's zone gives it.
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    offset = datetime.datetime.combine(datetime.date.today(), value, tzinfo=zone).utcoffset()
    return value.replace(tzinfo=datetime.timezone(offset or datetime.timedelta(0))).isoformat()


#: A wall-clock time of day in the platform's time zone, written with its UTC offset.
LocalTime = Annotated[
    datetime.time,
    PlainSerializer(_local_time, return_type=str),
    WithJsonSchema({"type": "string", "format": "time", "example": "08:30:00+08:00"}),
]

T = TypeVar("T")


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    results: list[T]


def paginate(queryset: QuerySet[Any], query: PageQuery) -> dict[str, Any]:
    """One page of ``queryset``: two queries (count and rows), whatever the page size."""
    start = (query.page - 1) * query.page_size
    return {
        "count": queryset.count(),
        "page": query.page,
        "page_size": query.page_size,
        "results": list(queryset[start : start + query.page_size]),
    }


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages by field name (422 only)."
    )


#: The error responses of an endpoint that needs credentials, for the OpenAPI schema.
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
