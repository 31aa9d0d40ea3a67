"""The Django admin of the policy app: operators' view of every record (read mostly;
money moves only through the ledger services, so the ledger columns are read-only here)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from iecommons.policy.models import (
    Application,
    Certification,
    CertificationCriteria,
    DemonstrationObjection,
    DemonstrationSelection,
    FundMovement,
    IncentiveProgramme,
    InvestmentYear,
    PolicyScenario,
    Review,
)

LEDGER = ("original_budget", "budget", "committed", "disbursed", "returned", "lapsed")


@admin.register(IncentiveProgramme)
class IncentiveProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "jurisdiction", "status", "deadline", "spend_by", *LEDGER)
    list_filter = ("kind", "status")
    search_fields = ("title",)
    readonly_fields = LEDGER


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("organization", "programme", "status", "amount_requested", "amount_awarded")
    list_filter = ("status",)
    search_fields = ("organization__name", "programme__title")
    raw_id_fields = ("organization", "community", "programme")
    readonly_fields = ("amount_awarded", "amount_disbursed", "eligibility")


@admin.register(FundMovement)
class FundMovementAdmin(admin.ModelAdmin):
    list_display = ("programme", "kind", "amount", "application", "created_at")
    list_filter = ("kind",)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # append-only


admin.site.register(Review)
admin.site.register(CertificationCriteria)
admin.site.register(InvestmentYear)
admin.site.register(PolicyScenario)


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ("organization", "province", "status", "certified_on", "confirmation_due")
    list_filter = ("status", "province")
    search_fields = ("organization__name",)
    raw_id_fields = ("organization",)


class _ThroughTheServices(admin.ModelAdmin):
    """Demonstration selections change only through their services (each write recomputes
    the list and its hash, and is audited): read-only here."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(DemonstrationSelection)
class DemonstrationSelectionAdmin(_ThroughTheServices):
    list_display = ("title", "jurisdiction", "run", "status", "notice_ends", "inputs_sha256")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(DemonstrationObjection)
class DemonstrationObjectionAdmin(_ThroughTheServices):
    list_display = ("entry", "filed_by", "status", "filed_at", "answered_at")
    list_filter = ("status",)
    raw_id_fields = ("entry", "filed_by", "on_behalf_of", "answered_by")
