"""What every project page needs: loading a project the user may see. Forms run through
``common.pages.form_page``; communities come from ``registry.pages.community_or_404``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from iecommons.authz import projects as rules
from iecommons.projects import selectors
from iecommons.projects.models import Project


def visible_project(request: HttpRequest, pk: int) -> Project:
    """The project, or 404 when it does not exist, or 403 when the user may not read it."""
    try:
        project = selectors.project_detail(pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if not rules.can_view_project(request.user, project):
        raise PermissionDenied
    return project


def editable_project(request: HttpRequest, pk: int) -> Project:
    project = visible_project(request, pk)
    if not rules.can_edit_project(request.user, project):
        raise PermissionDenied
    return project
