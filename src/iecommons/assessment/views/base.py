"""What every assessment view shares: loading a cycle or community within the scope
rules. Binding forms and the 422 of a refused one come from ``common.pages``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from iecommons.assessment.models import AssessmentCycle
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.registry.models import Community

TEMPLATES = "assessment/"


def cycle_for(
    request: HttpRequest,
    pk: int,
    allowed: Callable[[Any, AssessmentCycle], bool] | None = None,
) -> AssessmentCycle:
    """The cycle, 404 when the user may not see it, 403 when it may see but not do."""
    cycle = get_object_or_404(
        AssessmentCycle.objects.select_related("framework", "jurisdiction"), pk=pk
    )
    if not rules.can_view_cycle(request.user, cycle):
        raise Http404
    if allowed is not None:
        require(allowed(request.user, cycle))
    return cycle


def cycle_community_for(
    request: HttpRequest, pk: int, community_pk: int
) -> tuple[AssessmentCycle, Community]:
    """The cycle and one of its communities whose data the user may see (else 404/403)."""
    cycle = cycle_for(request, pk)
    community = get_object_or_404(cycle.communities.all(), pk=community_pk)
    require(rules.can_view_community_data(request.user, cycle, community))
    return cycle, community
