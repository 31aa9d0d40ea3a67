"""The expert-assignment API: which communities each appointed expert of a cycle reviews.

The cycle's supervisor assigns in bulk (every community to every expert named) and takes
an assignment back; a cycle the caller may not see is 404, one it may see but not
supervise is 403. A refusal names the expert or community (recusal included)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from iecommons.accounts.models import User
from iecommons.assessment.models import AssessmentCycle, ExpertAssignment
from iecommons.assessment.services import assignments as services
from iecommons.authz import assessment as rules
from iecommons.authz.scope import require
from iecommons.common.api import ERRORS, actor
from iecommons.common.services import refuse

router = Router(tags=["assessment"])

MAX_PER_REQUEST = 5000


class AssignmentIn(Schema):
    experts: list[str]  # user names of experts appointed to the cycle
    communities: list[int]  # ids of communities in the cycle


class AssignmentOut(Schema):
    id: int
    expert: str
    community_id: int
    community: str
    assigned_at: datetime.datetime


def _out(assignment: ExpertAssignment) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "expert": assignment.expert.username,
        "community_id": assignment.community_id,
        "community": assignment.community.name,
        "assigned_at": assignment.assigned_at,
    }


def _supervised_cycle(request: HttpRequest, cycle_id: int) -> AssessmentCycle:
    cycle = get_object_or_404(AssessmentCycle.objects.select_related("jurisdiction"), pk=cycle_id)
    if not rules.can_view_cycle(actor(request), cycle):
        raise Http404
    require(rules.can_assign_experts(actor(request), cycle))
    return cycle


@router.get(
    "/assessment/cycles/{cycle_id}/assignments", response={200: list[AssignmentOut], **ERRORS}
)
def assignment_list(request: HttpRequest, cycle_id: int) -> Any:
    """Every assignment of the cycle, by expert then community name."""
    cycle = _supervised_cycle(request, cycle_id)
    rows = (
        ExpertAssignment.objects.filter(cycle=cycle)
        .select_related("expert", "community")
        .order_by("expert__username", "community__name", "pk")
    )
    return [_out(row) for row in rows]


@router.post(
    "/assessment/cycles/{cycle_id}/assignments", response={201: list[AssignmentOut], **ERRORS}
)
def assignment_create(request: HttpRequest, cycle_id: int, payload: AssignmentIn) -> Any:
    """Assign every listed community to every listed expert; returns the new assignments
    (pairs already assigned are kept and not repeated). Nothing is written on a refusal."""
    cycle = _supervised_cycle(request, cycle_id)
    if len(payload.experts) * max(len(payload.communities), 1) > MAX_PER_REQUEST:
        raise refuse(
            "communities",
            _("At most %(count)d assignments at once.") % {"count": MAX_PER_REQUEST},
        )
    experts = {user.username: user for user in User.objects.filter(username__in=payload.experts)}
    for name in payload.experts:
        if name not in experts:
            raise refuse("experts", _("No user is called “%(name)s”.") % {"name": name})
    communities = {c.pk: c for c in cycle.communities.filter(pk__in=payload.communities)}
    for community_id in payload.communities:
        if community_id not in communities:
            raise refuse(
                "communities",
                _("Community %(id)d is not in this cycle.") % {"id": community_id},
            )
    created = services.expert_assignments_create(
        actor=actor(request),
        cycle=cycle,
        experts=list(experts.values()),
        communities=list(communities.values()),
    )
    return Status(201, [_out(row) for row in created])


@router.delete(
    "/assessment/cycles/{cycle_id}/assignments/{assignment_id}",
    response={204: None, **ERRORS},
)
def assignment_delete(request: HttpRequest, cycle_id: int, assignment_id: int) -> Any:
    """Take a community back from an expert."""
    cycle = _supervised_cycle(request, cycle_id)
    assignment = get_object_or_404(
        ExpertAssignment.objects.select_related("cycle", "expert"), pk=assignment_id, cycle=cycle
    )
    services.expert_assignment_remove(actor=actor(request), assignment=assignment)
    return Status(204, None)
