from django.contrib import admin

from iecommons.oversight.models import OpenDataRelease


@admin.register(OpenDataRelease)
class OpenDataReleaseAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at", "built_by", "reason"]
    readonly_fields = [
        "version",
        "created_at",
        "built_by",
        "reason",
        "descriptor_sha256",
        "resources",
    ]

    def has_add_permission(self, request):  # releases are built, never typed in
        return False
