"""The Django admin of the registry, for operators.

Organisations and communities are many (100,000 memberships in the demo), so every
foreign key to them is an autocomplete, never a select listing them all. Operators
should prefer the pages, whose services write the audit trail; the admin is for repairs.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from iecommons.registry.models import (
    Community,
    CouncilSeat,
    Field,
    Membership,
    Organization,
    Person,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["code", "name_zh", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin[Field]):
    list_display = ["code", "name_zh", "name_en", "parent", "order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name_zh", "name_en"]
    list_select_related = ["parent"]
    ordering = ["order", "code"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name", "credit_code", "type", "region", "updated_at"]
    list_filter = ["type"]
    search_fields = ["name", "name_en", "=credit_code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    readonly_fields = ["created_at", "updated_at"]
    show_full_result_count = False


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin[Community]):
    list_display = ["name", "kind", "level", "field", "region", "founded", "member_count", "status"]
    list_filter = ["kind", "level", "status", "field"]
    search_fields = ["name", "name_en"]
    list_select_related = ["field", "region"]
    autocomplete_fields = ["field", "region", "province", "secretariat_host"]
    readonly_fields = ["member_count", "created_at", "updated_at"]
    date_hierarchy = "founded"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["organization", "community", "role", "joined", "left"]
    list_filter = ["role", ("left", admin.EmptyFieldListFilter)]
    search_fields = ["organization__name", "community__name", "=organization__credit_code"]
    list_select_related = ["organization", "community"]
    autocomplete_fields = ["community", "organization"]
    # Newest first by primary key, which needs no sort; no date hierarchy, because listing
    # the distinct dates of 100,000 rows costs a second.
    ordering = ["-id"]
    show_full_result_count = False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["name", "title", "organization", "email", "user"]
    search_fields = ["name", "email", "organization__name"]
    list_select_related = ["organization", "user"]
    autocomplete_fields = ["user", "organization"]


@admin.register(CouncilSeat)
class CouncilSeatAdmin(admin.ModelAdmin[CouncilSeat]):
    list_display = ["person", "position", "community", "organization", "term_start", "term_end"]
    list_filter = ["position", ("term_end", admin.EmptyFieldListFilter)]
    search_fields = ["person__name", "community__name", "organization__name"]
    list_select_related = ["person", "community", "organization"]
    autocomplete_fields = ["community", "person", "organization"]


admin.site.site_header = _("IE Commons administration")
admin.site.site_title = _("IE Commons administration")
