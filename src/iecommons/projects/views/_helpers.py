"""What every project page needs: loading an object the user may see, and running a form
through a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from iecommons.projects import permissions, selectors
from iecommons.projects.forms import apply_refusal
from iecommons.projects.models import Project
from iecommons.registry.models import Community


def community_or_404(community_id: int) -> Community:
    try:
        return Community.objects.select_related("region", "field").get(pk=community_id)
    except Community.DoesNotExist:
        raise Http404 from None


def visible_project(request: HttpRequest, pk: int) -> Project:
    """The project, or 404 when it does not exist, or 403 when the user may not read it."""
    try:
        project = selectors.project_detail(pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if not permissions.can_view_project(request.user, project):
        raise PermissionDenied
    return project


def editable_project(request: HttpRequest, pk: int) -> Project:
    project = visible_project(request, pk)
    if not permissions.can_edit_project(request.user, project):
        raise PermissionDenied
    return project


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    template: str,
    context: dict[str, Any],
    save: Callable[[dict[str, Any]], Any],
    success_url: Callable[[Any], str],
    success_message: str,
) -> HttpResponse:
    """Render ``form``; on a valid POST call ``save(cleaned_data)`` (a service), say
    ``success_message`` and redirect, or show its refusal beside the field it names."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            apply_refusal(form, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url(result))
    status = 422 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)
