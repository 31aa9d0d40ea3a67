"""What the API accepts, checked once for every endpoint before any schema sees it.

- JSON bodies must be objects (a ``[null, null]`` body is refused, not read as ``{}``).
- Text, in JSON bodies, query strings and forms alike, is stored in composed Unicode (NFC)
  and refused, naming the field, when it cannot be stored: a lone surrogate (JSON allows
  ``"\\ud800"``, UTF-8 does not) or a NUL character (PostgreSQL refuses it).
- Date-times are bounded (``Moment``): ``9999-12-31T23:59:59-12:00`` is a valid ISO 8601
  date-time that overflows as soon as it is converted to UTC.
- A field of a partial update may be left out but not sent as null when its column cannot
  hold null (``omittable``).
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field
from ninja.errors import ValidationError
from ninja.parser import Parser
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def _unstorable(text: str) -> bool:
    # A lone surrogate is the only code point UTF-8 cannot encode.
    return "\x00" in text or any("\ud800" <= character <= "\udfff" for character in text)


def _refusal(location: tuple[Any, ...]) -> ValidationError:
    message = _("Expected text in valid Unicode, without NUL characters or lone surrogates.")
    return ValidationError([{"type": "unicode_invalid", "loc": location, "msg": message}])


def _printable(key: Any) -> Any:
    # A field name with a lone surrogate must still go into the (UTF-8) error response.
    return key.encode("utf-8", "backslashreplace").decode("utf-8") if isinstance(key, str) else key


def checked_text(value: Any, location: tuple[Any, ...]) -> Any:
    """``value`` with every string in NFC; a refusal naming the location of a bad one."""
    if isinstance(value, str):
        if _unstorable(value):
            raise _refusal(location)
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        checked = {}
        for key, item in value.items():
            here = (*location, _printable(key))
            if isinstance(key, str) and _unstorable(key):
                raise _refusal(here)
            checked[key] = checked_text(item, here)
        return checked
    if isinstance(value, list):
        return [checked_text(item, (*location, index)) for index, item in enumerate(value)]
    return value


class CheckedParser(Parser):
    """Ninja's parser, with the checks above. A refusal raised while parsing the body comes
    back wrapped in ninja's "cannot parse" error; ``config.api`` unwraps it into a 422."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            message = _("The request body must be a JSON object.")
            raise ValidationError([{"type": "object_expected", "loc": ("body",), "msg": message}])
        return checked_text(data, ("body",))

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        return checked_text(parsed, ("query",))


def _bounded(value: datetime.datetime) -> datetime.datetime:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise PydanticCustomError(
            "moment_out_of_range",
            _("Expected a date and time between the years %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )
    return value


#: A date-time from an API client, between the years 1900 and 2100.
Moment = Annotated[datetime.datetime, AfterValidator(_bounded)]


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omittable(**options: Any) -> Any:
    """A field of a partial update that may be left out but not sent as null, because its
    column cannot hold null. Read the payload with ``exclude_unset=True``: a field left out
    is not changed. (Its default is ``None`` only so that it can be left out.)"""
    return Field(None, json_schema_extra=_without_default, **options)
