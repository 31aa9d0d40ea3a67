"""The Django admin of the shared records: the audit trail (read-only, because history is
never rewritten) and notifications."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from iecommons.common.models import AuditEntry, Notification


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "operation", "action", "object_repr", "content_type", "actor"]
    list_filter = ["action", "content_type", "operation"]
    search_fields = ["object_repr", "operation", "=object_id", "actor__username"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "at"
    show_full_result_count = False
    readonly_fields = [
        "at",
        "actor",
        "action",
        "operation",
        "content_type",
        "object_id",
        "object_repr",
        "changes",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["subject", "recipient", "created_at", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "body", "recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    # A user picker, not a select of every account.
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at"]
