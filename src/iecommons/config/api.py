"""The JSON API: one NinjaAPI, the routers of each app, and errors that are always JSON.

Error shape, whatever went wrong:
- 422 ``{"detail": "...", "errors": {"field": ["message", ...]}}`` for bad input, whether
  a service refused it (django ``ValidationError``) or it did not parse (wrong type,
  missing, out of range); ``field`` is the name the caller sent (``run_id``, not the
  service's ``run``);
- 401 ``{"detail": ...}`` without valid credentials where they are needed;
- 403 ``{"detail": ...}`` when the caller may not do this;
- 404 ``{"detail": ...}`` for an unknown object;
- 400 ``{"detail": ...}`` for a body that is not JSON, a malformed multipart body, or a
  request too large;
- 500 ``{"detail": ...}``, logged, never a stack trace.
Messages follow ``Accept-Language`` (LocaleMiddleware activates the language).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from iecommons.accounts.api import router as accounts_router
from iecommons.accounts.api_auth import SIGNED_IN
from iecommons.assessment.api.assignments import router as assessment_assignments_router
from iecommons.assessment.api.cycles import router as assessment_router
from iecommons.assessment.api.runs import router as assessment_runs_router
from iecommons.common.api_input import CheckedParser
from iecommons.config.openapi import TruthfulNinjaAPI
from iecommons.oversight.api import router as oversight_router
from iecommons.oversight.reports.api import router as reports_router
from iecommons.projects.api import router as projects_router
from iecommons.registry.api import router as registry_router

logger = logging.getLogger(__name__)

DESCRIPTION = """
The public registry of industry–education integration communities, and its management.

**Authentication.** Public reads need none. Writes need a bearer token
(`Authorization: Bearer iec_...`, made with `POST /api/tokens`) or a signed-in browser
session (send the CSRF token in `X-CSRFToken`). What a caller may do follows its roles
and their scope, exactly as on the pages.

**Errors** are JSON: `{"detail": "...", "errors": {"field": ["message"]}}` with status 422
for bad input; `{"detail": "..."}` with 401, 403 or 404 otherwise.
Send `Accept-Language: en` or `zh-hans` to choose the language of names and messages.
"""

api = TruthfulNinjaAPI(
    title="IE Commons API",
    parser=CheckedParser(),
    version="1.0",
    description=DESCRIPTION,
    auth=SIGNED_IN,
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
api.add_router("", registry_router)
api.add_router("", accounts_router)
api.add_router("", assessment_router)
api.add_router("", assessment_runs_router)
api.add_router("", assessment_assignments_router)
api.add_router("/collaboration/", "iecommons.collaboration.api.router")
api.add_router("/projects/", projects_router)
api.add_router("/talent/", "iecommons.talent.api.router")
api.add_router("/policy/", "iecommons.policy.api.router")
api.add_router("", oversight_router)
api.add_router("/dashboards/", "iecommons.oversight.dashboards.api.router")
api.add_router("", reports_router)

# Ninja's own parameter locations, and the names our endpoints give their schema
# parameters: neither is part of the field name a client sent.
_LOCATIONS = frozenset({"query", "path", "body", "form", "file", "header", "cookie"})
_PARAMETER_NAMES = frozenset({"payload", "filters"})


def _field_name(location: list[Any] | tuple[Any, ...]) -> str:
    parts = list(location)
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] in _PARAMETER_NAMES:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or NON_FIELD_ERRORS


def _parse_message(error: dict[str, Any]) -> str:
    """A translated message for the usual parse errors; pydantic's English otherwise."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Expected a whole number.")
    if kind in ("less_than_equal", "less_than"):
        return _("Expected at most %(limit)s.") % {"limit": context.get("le", context.get("lt"))}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Expected at least %(limit)s.") % {"limit": context.get("ge", context.get("gt"))}
    if kind in ("enum", "literal_error"):
        return _("Expected one of: %(choices)s.") % {"choices": context.get("expected", "")}
    if kind.startswith("datetime"):
        return _("Expected a date and time as YYYY-MM-DDTHH:MM:SS with a time zone.")
    if kind.startswith("date"):
        return _("Expected a date as YYYY-MM-DD.")
    if kind == "string_too_long":
        return _("Expected at most %(limit)s characters.") % {
            "limit": context.get("max_length", "")
        }
    if kind in ("bool_parsing", "bool_type"):
        return _("Expected true or false.")
    if kind == "string_type":
        return _("Expected text.")
    if kind.startswith("decimal"):
        return _("Expected a number.")
    return str(error.get("msg", _("This value is not valid.")))


def _invalid(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    first = next(iter(errors.values()), [""])
    detail = first[0] if first else _("The input is not valid.")
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


#: How a payload names what a service calls ``run`` or ``jurisdiction``.
REFERENCE_SUFFIXES = ("_id", "_code", "_ids", "_codes")


def _sent_names(request: HttpRequest) -> set[str]:
    """The names the caller sent: the JSON object's keys, the form's fields, the query's."""
    names = set(request.GET)
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"null")
        except ValueError:
            body = None
        if isinstance(body, dict):
            names.update(str(key) for key in body)
    elif request.method == "POST":
        names.update(request.POST)
        names.update(request.FILES)
    return names


def _as_sent(request: HttpRequest, errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """A service names its own parameters (``run``, ``jurisdiction``); a caller who sent
    ``run_id`` or ``jurisdiction_code`` finds the error under the name it sent."""
    sent = _sent_names(request)
    renamed: dict[str, list[str]] = {}
    for field, messages in errors.items():
        if field not in sent:
            field = next((field + s for s in REFERENCE_SUFFIXES if field + s in sent), field)
        renamed.setdefault(field, []).extend(messages)
    return renamed


@api.exception_handler(DjangoValidationError)
def service_refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        errors = _as_sent(request, errors)
    else:
        errors = {NON_FIELD_ERRORS: [str(message) for message in exc.messages]}
    return _invalid(request, errors)


@api.exception_handler(NinjaValidationError)
def input_did_not_parse(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(_parse_message(error))
    return _invalid(request, errors)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = exc.message if exc.message != "Unauthorized" else _("Sign in or send a token.")
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(PermissionDenied)
def not_allowed(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": _("You may not do this here.")}, status=403)


@api.exception_handler(Http404)
def not_found_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, NinjaValidationError):
        # CheckedParser's refusal, wrapped by ninja in its "cannot parse" error.
        return input_did_not_parse(request, exc.__cause__)
    detail = str(exc)
    if detail == "Cannot parse request body":  # ninja's words for a body that is not JSON
        detail = _("The request body is not valid JSON.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(SuspiciousOperation)
def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    # Django's refusals of a request body that is too large or has too many fields.
    logger.warning("Refused API request on %s: %s", request.path, exc.__class__.__name__)
    return api.create_response(
        request, {"detail": _("The request is too large or malformed.")}, status=400
    )


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    logger.warning("Refused API request on %s: %s", request.path, exc)
    detail = _("The multipart body is malformed (no boundary, or a broken part).")
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": _("Something went wrong on our side; it has been logged.")}, status=500
    )
