"""Reads of joint projects, shared by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

from iecommons.projects.models import (
    AllocationShare,
    BenefitAllocation,
    Contribution,
    Participant,
    Project,
)


@dataclass(frozen=True)
class ProjectFilter:
    type: str = ""
    status: str = ""


def community_projects(community_id: int, filters: ProjectFilter) -> QuerySet[Project]:
    queryset = Project.objects.filter(community_id=community_id)
    if filters.type:
        queryset = queryset.filter(type=filters.type)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return queryset.order_by("-start", "-id")


def project_detail(pk: int) -> Project:
    """One project with its community; raises Project.DoesNotExist."""
    return Project.objects.select_related("community").get(pk=pk)


@dataclass(frozen=True)
class ParticipantLine:
    """A participant with the value of its contributions to the project."""

    participant: Participant
    contributed: Decimal


def project_participants(project: Project) -> list[ParticipantLine]:
    totals = dict(
        Contribution.objects.filter(participant__project=project)
        .values_list("participant_id")
        .annotate(total=Sum("value"))
        .values_list("participant_id", "total")
    )
    return [
        ParticipantLine(
            participant=participant, contributed=totals.get(participant.pk) or Decimal(0)
        )
        for participant in project.participants.select_related("organization").order_by("pk")
    ]


def project_contributions(project: Project) -> QuerySet[Contribution]:
    return Contribution.objects.filter(participant__project=project).select_related(
        "participant__organization"
    )


def project_allocations(project: Project) -> QuerySet[BenefitAllocation]:
    return project.allocations.prefetch_related(
        Prefetch(
            "shares",
            queryset=AllocationShare.objects.select_related("organization").order_by("id"),
        )
    ).order_by("-date", "-id")
