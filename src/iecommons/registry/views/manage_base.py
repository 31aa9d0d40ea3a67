"""What every management view shares: loading the community, asking the scope rules, and
turning a service's refusal into form errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from iecommons.authz import registry as rules
from iecommons.authz.scope import require
from iecommons.common.forms import apply_service_errors
from iecommons.registry.models import Community

TEMPLATE_DIR = "registry/manage/"


def community_for(
    request: HttpRequest, pk: int, allowed: Callable[[Any, Community], bool] = rules.can_manage
) -> Community:
    """The community, or 404; PermissionDenied (403) unless ``allowed`` for the user."""
    community = get_object_or_404(
        Community.objects.select_related(
            "field", "region", "region__parent", "province", "secretariat_host"
        ),
        pk=pk,
    )
    require(allowed(request.user, community))
    return community


def post_data(request: HttpRequest) -> tuple[Any, Any] | tuple[None, None]:
    """``(data, files)`` for a form: bound on POST, unbound on GET."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


class ServiceRefusedError(Exception):
    """Raised inside :func:`refusals_onto` when the service refused; the view re-renders."""


@contextmanager
def refusals_onto(form: forms.Form, *, fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """Run service calls; a ValidationError lands on ``form`` and becomes ServiceRefusedError."""
    try:
        yield
    except ValidationError as error:
        apply_service_errors(form, error, fields=fields)
        raise ServiceRefusedError from error
