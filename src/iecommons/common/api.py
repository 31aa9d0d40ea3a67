"""What every app's API router shares: the acting user, paging, choice schemas and the
error responses. Who may call (bearer token, session, anonymous) is
:mod:`iecommons.accounts.api_auth`.
"""

from __future__ import annotations

import datetime
import json
import zoneinfo
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Choices, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel, PlainSerializer, WithJsonSchema

from iecommons.common.page_cache import cached_value

MAX_PAGE_SIZE = 100
#: Far beyond the last page of any list (100,000 memberships are 5,000 pages of 20), and
#: small enough that the row offset it makes fits every database's integer.
MAX_PAGE = 100_000


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


def cached_json(
    request: HttpRequest,
    name: str,
    *depends_on: object,
    schema: type[BaseModel],
    build: Callable[[], Any],
) -> HttpResponse:
    """The answer of a read that is the same for every caller whose ``depends_on`` are
    equal, kept as its JSON body per data version and language
    (:func:`iecommons.common.page_cache.cached_value`): ``build()`` is validated against
    ``schema`` (the endpoint's declared 200 answer) and rendered as the API renders every
    answer. Ask authz before calling: the cache keeps no decision, only the rows."""

    def render() -> bytes:
        context = {"request": request, "response_status": 200}
        data = schema.model_validate(build(), context=context).model_dump()
        return json.dumps(data, cls=NinjaJSONEncoder).encode()

    body = cached_value(request, "api:" + name, *depends_on, build=render)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Messages by field name (422 only)."
    )


#: The error responses of an endpoint that needs credentials, for the OpenAPI schema.
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
