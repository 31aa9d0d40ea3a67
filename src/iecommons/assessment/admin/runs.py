"""Admin of runs, results and publications: read-only, since a run is immutable.
Rectification tasks are editable (operators fix deadlines and assignees)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from iecommons.assessment.models import EvaluationRun, Publication, RectificationTask, Result


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows everything, changes nothing: no add, no change, no delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EvaluationRunAdmin(ReadOnlyAdmin):
    list_display = ("pk", "cycle", "status", "progress", "engine_version", "created_at")
    list_filter = ("status",)
    search_fields = ("input_sha256",)


class ResultAdmin(ReadOnlyAdmin):
    list_display = ("run", "community", "score", "grade", "rank", "peer_rank")
    list_filter = ("grade",)
    list_select_related = ("run", "run__cycle", "community")
    raw_id_fields = ("run", "community")


class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("cycle", "run", "published_by", "published_at")


class RectificationTaskAdmin(admin.ModelAdmin):
    list_display = ("community", "indicator", "deadline", "status", "assignee")
    list_filter = ("status",)
    list_select_related = ("community", "indicator", "assignee")
    raw_id_fields = ("community", "cycle", "run", "indicator", "assignee", "outcome_cycle")


for model, model_admin in (
    (EvaluationRun, EvaluationRunAdmin),
    (Result, ResultAdmin),
    (Publication, PublicationAdmin),
    (RectificationTask, RectificationTaskAdmin),
):
    admin.site.register(model, model_admin)
