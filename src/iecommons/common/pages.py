"""The page kit: what every app's form pages share, written once.

- :func:`post_data` / :func:`bind`: a form bound to the POST (and its files), unbound on GET.
- :func:`refusals_onto`: run a service; its ``ValidationError`` lands on the form, each
  message beside the field it names (:func:`common.forms.apply_service_errors`), and the
  view re-renders.
- :func:`render_form`: render a page with a form. A refused form (bound, with errors)
  always answers **422 Unprocessable Content**, in every app, with the refusals on their
  fields and an error summary above them (``common/form_fields.html``).
- :func:`form_page`: the whole round trip for the common case: bind, save through a
  service, redirect, or re-render the refusal.
- :func:`object_or_404`: one object of a queryset, or 404. Apps above the registry find a
  community with ``registry.pages.community_or_404``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from iecommons.common.forms import apply_service_errors

__all__ = [
    "REFUSED",
    "ServiceRefusedError",
    "apply_service_errors",
    "bind",
    "form_page",
    "is_refused",
    "object_or_404",
    "post_data",
    "refusals_onto",
    "render_form",
]

#: The status of a page that refuses what was posted: the request was understood, but
#: its content is not acceptable (RFC 9110, 15.5.21).
REFUSED = 422

FormT = TypeVar("FormT", bound=forms.BaseForm)
ModelT = TypeVar("ModelT", bound=Model)


def post_data(request: HttpRequest) -> tuple[Any, Any]:
    """``(data, files)`` for a form: bound on POST, ``(None, None)`` (unbound) otherwise."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def bind(form_class: type[FormT], request: HttpRequest, **kwargs: Any) -> FormT:
    """``form_class`` bound to the POST and its files, or unbound on GET."""
    data, files = post_data(request)
    return form_class(data, files, **kwargs)


class ServiceRefusedError(Exception):
    """Raised inside :func:`refusals_onto` when the service refused; the view re-renders."""


@contextmanager
def refusals_onto(
    form: forms.BaseForm, *, fields: Mapping[str, str] | None = None
) -> Iterator[None]:
    """Run service calls; a ValidationError lands on ``form`` (``fields`` maps the
    service's field names to the form's) and becomes :class:`ServiceRefusedError`."""
    try:
        yield
    except ValidationError as error:
        apply_service_errors(form, error, fields=fields)  # type: ignore[arg-type]
        raise ServiceRefusedError from error


def is_refused(form: forms.BaseForm | None) -> bool:
    """Whether ``form`` was posted and refused (by its own checks or a service's)."""
    return form is not None and form.is_bound and bool(form.errors)


def render_form(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    refused: bool = False,
) -> HttpResponse:
    """Render ``template``; 422 when ``context["form"]`` was refused or ``refused`` says
    the post was (an import with bad rows), 200 otherwise."""
    status = REFUSED if refused or is_refused(context.get("form")) else 200
    return render(request, template, context, status=status)


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    template: str,
    context: dict[str, Any],
    save: Callable[[dict[str, Any]], Any],
    success_url: Callable[[Any], str],
    success_message: str = "",
    fields: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Render ``form``; on a valid POST call ``save(cleaned_data)`` (a service), say
    ``success_message`` and redirect to ``success_url(result)``, or show its refusal beside
    the field it names."""
    if request.method == "POST" and form.is_valid():
        try:
            with refusals_onto(form, fields=fields):
                result = save(form.cleaned_data)
        except ServiceRefusedError:
            pass
        else:
            if success_message:
                messages.success(request, success_message)
            return redirect(success_url(result))
    return render_form(request, template, {**context, "form": form})


def object_or_404(queryset: QuerySet[ModelT], **lookup: Any) -> ModelT:
    """The one object of ``queryset`` matching ``lookup``, or 404."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found
