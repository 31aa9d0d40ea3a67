"""The JSON API of joint projects, mounted at ``/api/projects/``.

Reads follow the pages' scope (:mod:`iecommons.authz.projects`); writes call one
service each, which checks who may act and refuses bad input naming the field (422).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from iecommons.accounts.api_auth import PUBLIC
from iecommons.authz import projects as rules
from iecommons.common.api import ERRORS, Page, PageQuery, actor, paginate
from iecommons.common.api_input import EARLIEST_YEAR, LATEST_YEAR
from iecommons.common.services import refuse
from iecommons.projects import selectors, services, sharing
from iecommons.projects.accounts import participation_account
from iecommons.projects.models import (
    BenefitAllocation,
    Outcome,
    Participant,
    Project,
)
from iecommons.registry.models import Community, Organization

router = Router(tags=["projects"])


# --- schemas ---------------------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    community_id: int
    type: str
    title: str
    status: str
    start: datetime.date
    end: datetime.date | None
    budget: Decimal
    visibility: str
    benefit_rule: str
    loss_rule: str


class ParticipantOut(Schema):
    id: int
    organization_id: int
    organization: str
    role: str
    contributed: Decimal
    benefit_share: Decimal | None
    loss_share: Decimal | None


class ProjectDetailOut(ProjectOut):
    description: str
    participants: list[ParticipantOut]
    coalition_values: dict[str, str]


class ProjectQuery(PageQuery):
    type: str = Field("", description="A project type, e.g. joint_rd.")
    status: str = Field("", description="planned, running, completed or cancelled.")


class ContributionOut(Schema):
    id: int
    participant_id: int
    organization_id: int
    kind: str
    description: str
    hours: Decimal | None
    rate: Decimal | None
    value: Decimal
    date: datetime.date


class ContributionIn(Schema):
    participant_id: int
    kind: str = Field(description="cash, in_kind, staff_hours or ip.")
    date: datetime.date | None = None
    value: str | None = Field(None, description="Cash amount, stated or agreed value (CNY).")
    hours: str | None = Field(None, description="Staff hours (kind staff_hours).")
    rate: str | None = Field(None, description="CNY per hour (kind staff_hours).")
    description: str = ""


class OutcomeOut(Schema):
    id: int
    kind: str
    title: str
    quantity: Decimal
    date: datetime.date
    attributed_to_id: int | None


class OutcomeIn(Schema):
    kind: str
    title: str
    quantity: str | None = None
    date: datetime.date | None = None
    attributed_to_id: int | None = None


class ShareOut(Schema):
    participant_id: int
    organization_id: int
    basis: Decimal
    fraction: Decimal
    amount: Decimal


class AllocationOut(Schema):
    id: int
    description: str
    amount: Decimal
    date: datetime.date
    rule: str
    explanation: str
    inputs: dict[str, Any]
    superseded_by_id: int | None
    shares: list[ShareOut]


class AllocationIn(Schema):
    description: str
    amount: str = Field(description="CNY; negative for a loss.")
    date: datetime.date | None = None
    supersedes_id: int | None = None


class AccountQuery(Schema):
    year: int | None = Field(
        None, ge=EARLIEST_YEAR, le=LATEST_YEAR, description="Only this calendar year."
    )


class AccountOut(Schema):
    organization_id: int
    year: int | None
    projects: int
    communities: int
    contributed: dict[str, Decimal]
    received: dict[str, Decimal | int]
    by_year: list[dict[str, Any]]


# --- helpers ---------------------------------------------------------------------------------


def _visible(request: HttpRequest, project_id: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("community"), pk=project_id)
    if not rules.can_view_project(actor(request), project):
        raise PermissionDenied
    return project


def _allocation_out(allocation: BenefitAllocation) -> dict[str, Any]:
    return {
        "id": allocation.pk,
        "description": allocation.description,
        "amount": allocation.amount,
        "date": allocation.date,
        "rule": allocation.rule,
        "explanation": sharing.allocation_explanation(allocation),
        "inputs": allocation.inputs,
        "superseded_by_id": allocation.superseded_by_id,
        "shares": list(allocation.shares.all()),
    }


# --- endpoints -------------------------------------------------------------------------------


@router.get("/communities/{community_id}", response={200: Page[ProjectOut], **ERRORS})
def project_list(request: HttpRequest, community_id: int, filters: Query[ProjectQuery]) -> Any:
    """A community's projects (private to its secretariat, supervisors and members)."""
    community = get_object_or_404(Community, pk=community_id)
    if not rules.can_see_community_projects(actor(request), community):
        raise PermissionDenied
    queryset = selectors.community_projects(
        community.pk, selectors.ProjectFilter(type=filters.type, status=filters.status)
    )
    return paginate(queryset, filters)


@router.get("/{project_id}", response={200: ProjectDetailOut, **ERRORS}, auth=PUBLIC)
def project_get(request: HttpRequest, project_id: int) -> Any:
    """A project with its participants and what each contributed."""
    project = _visible(request, project_id)
    participants = [
        {
            "id": line.participant.pk,
            "organization_id": line.participant.organization_id,
            "organization": str(line.participant.organization),
            "role": line.participant.role,
            "contributed": line.contributed,
            "benefit_share": line.participant.benefit_share,
            "loss_share": line.participant.loss_share,
        }
        for line in selectors.project_participants(project)
    ]
    return {
        **{name: getattr(project, name) for name in ProjectOut.model_fields},
        "description": project.description,
        "participants": participants,
        "coalition_values": project.coalition_values,
    }


@router.get(
    "/{project_id}/contributions", response={200: list[ContributionOut], **ERRORS}, auth=PUBLIC
)
def contribution_list(request: HttpRequest, project_id: int) -> Any:
    return selectors.project_contributions(_visible(request, project_id))


@router.post("/{project_id}/contributions", response={201: ContributionOut, **ERRORS})
def contribution_create(request: HttpRequest, project_id: int, payload: ContributionIn) -> Any:
    """Record a contribution (without evidence; attach files on the page)."""
    project = _visible(request, project_id)
    participant = Participant.objects.filter(project=project, pk=payload.participant_id).first()
    contribution = services.contribution_record(
        actor=actor(request),
        project=project,
        participant=participant,
        kind=payload.kind,
        date=payload.date,
        value=payload.value,
        hours=payload.hours,
        rate=payload.rate,
        description=payload.description,
    )
    return 201, contribution


@router.get("/{project_id}/outcomes", response={200: list[OutcomeOut], **ERRORS}, auth=PUBLIC)
def outcome_list(request: HttpRequest, project_id: int) -> Any:
    return Outcome.objects.filter(project=_visible(request, project_id))


@router.post("/{project_id}/outcomes", response={201: OutcomeOut, **ERRORS})
def outcome_create(request: HttpRequest, project_id: int, payload: OutcomeIn) -> Any:
    project = _visible(request, project_id)
    attributed = None
    if payload.attributed_to_id is not None:
        attributed = Participant.objects.filter(
            project=project, pk=payload.attributed_to_id
        ).first()
        if attributed is None:
            raise refuse("attributed_to_id", _("Choose a participant of this project."))
    outcome = services.outcome_record(
        actor=actor(request),
        project=project,
        kind=payload.kind,
        title=payload.title,
        quantity=payload.quantity,
        date=payload.date,
        attributed_to=attributed,
    )
    return 201, outcome


@router.get("/{project_id}/allocations", response={200: list[AllocationOut], **ERRORS}, auth=PUBLIC)
def allocation_list(request: HttpRequest, project_id: int) -> Any:
    """Allocations, newest first, each with its shares and how they were computed."""
    project = _visible(request, project_id)
    return [_allocation_out(allocation) for allocation in selectors.project_allocations(project)]


@router.post("/{project_id}/allocations", response={201: AllocationOut, **ERRORS})
def allocation_create(request: HttpRequest, project_id: int, payload: AllocationIn) -> Any:
    """Share an amount by the project's rule (negative for a loss)."""
    project = _visible(request, project_id)
    supersedes = None
    if payload.supersedes_id is not None:
        supersedes = get_object_or_404(BenefitAllocation, pk=payload.supersedes_id, project=project)
    allocation = sharing.allocation_create(
        actor=actor(request),
        project=project,
        amount=payload.amount,
        date=payload.date,
        description=payload.description,
        supersedes=supersedes,
    )
    return 201, _allocation_out(allocation)


@router.get("/accounts/{organization_id}", response={200: AccountOut, **ERRORS})
def account_get(request: HttpRequest, organization_id: int, filters: Query[AccountQuery]) -> Any:
    """An organisation's participation account: contributed, received, return by year."""
    organization = get_object_or_404(Organization, pk=organization_id)
    if not rules.can_see_account(actor(request), organization):
        raise PermissionDenied
    account = participation_account(organization, year=filters.year)
    return {
        "organization_id": account.organization_id,
        "year": account.year,
        "projects": account.projects,
        "communities": account.communities,
        "contributed": {
            "cash": account.contributed.cash,
            "in_kind": account.contributed.in_kind,
            "staff_value": account.contributed.staff_value,
            "staff_hours": account.contributed.staff_hours,
            "ip": account.contributed.ip,
            "total": account.contributed.total,
        },
        "received": {
            "revenue_shares": account.received.revenue_shares,
            "losses_borne": account.received.losses_borne,
            "net_money": account.received.net_money,
            "hires": account.received.hires,
            "interns": account.received.interns,
            "teachers_trained": account.received.teachers_trained,
            "students_trained": account.received.students_trained,
            **(
                {
                    "resource_bookings": account.resource_use.bookings,
                    "resource_hours": account.resource_use.hours,
                }
                if account.resource_use
                else {}
            ),
        },
        "by_year": [
            {
                "year": line.year,
                "contributed": line.contributed,
                "received": line.received,
                "net": line.net,
                "ratio": line.ratio,
            }
            for line in account.by_year
        ],
    }
