"""The Django admin of joint projects, for operators' repairs.

Allocations are immutable records and are shown read-only; everything else should be
changed through the pages, whose services write the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from iecommons.projects.models import (
    AllocationShare,
    BenefitAllocation,
    Commitment,
    CommitmentFulfilment,
    Contribution,
    Milestone,
    Outcome,
    Participant,
    Project,
    ProjectComment,
)


class ParticipantInline(admin.TabularInline[Participant, Project]):
    model = Participant
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ["title", "community", "type", "status", "start", "budget", "benefit_rule"]
    list_filter = ["type", "status", "benefit_rule", "visibility"]
    search_fields = ["title", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community", "created_by"]
    inlines = [ParticipantInline]
    date_hierarchy = "start"


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin[Participant]):
    list_display = ["organization", "project", "role", "benefit_share", "loss_share"]
    list_filter = ["role"]
    search_fields = ["organization__name", "project__title"]
    list_select_related = ["organization", "project"]
    autocomplete_fields = ["organization", "project"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin[Contribution]):
    list_display = ["participant", "kind", "value", "date"]
    list_filter = ["kind"]
    search_fields = ["organization__name", "participant__project__title", "description"]
    list_select_related = ["participant__organization", "participant__project"]
    autocomplete_fields = ["participant", "organization", "recorded_by"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin[Milestone]):
    list_display = ["title", "project", "due", "done"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin[Outcome]):
    list_display = ["title", "project", "kind", "quantity", "date"]
    list_filter = ["kind"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]
    autocomplete_fields = ["project", "attributed_to", "organization", "recorded_by"]


class AllocationShareInline(admin.TabularInline[AllocationShare, BenefitAllocation]):
    model = AllocationShare
    extra = 0
    can_delete = False
    readonly_fields = ["participant", "organization", "basis", "fraction", "amount", "year"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BenefitAllocation)
class BenefitAllocationAdmin(admin.ModelAdmin[BenefitAllocation]):
    list_display = ["description", "project", "amount", "rule", "date", "superseded_by"]
    list_filter = ["rule"]
    search_fields = ["description", "project__title"]
    list_select_related = ["project"]
    inlines = [AllocationShareInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin[Commitment]):
    list_display = ["description", "membership", "quantity", "unit", "start"]
    search_fields = ["description", "membership__organization__name"]
    list_select_related = ["membership__organization", "membership__community"]
    autocomplete_fields = ["membership", "created_by"]


@admin.register(CommitmentFulfilment)
class CommitmentFulfilmentAdmin(admin.ModelAdmin[CommitmentFulfilment]):
    list_display = ["commitment", "year", "quantity"]
    search_fields = ["commitment__description"]
    list_select_related = ["commitment"]
    autocomplete_fields = ["commitment", "recorded_by"]


@admin.register(ProjectComment)
class ProjectCommentAdmin(admin.ModelAdmin[ProjectComment]):
    list_display = ["project", "author", "created_at"]
    search_fields = ["body", "project__title"]
    list_select_related = ["project", "author"]
    autocomplete_fields = ["project", "author"]
