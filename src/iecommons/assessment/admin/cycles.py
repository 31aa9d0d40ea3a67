"""Admin of frameworks, cycles, values, surveys and judgments (operators only)."""

from django.contrib import admin

from iecommons.assessment import models


@admin.register(models.IndicatorFramework)
class IndicatorFrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "version", "status", "created_at")
    list_filter = ("status",)


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "framework", "source", "unit", "direction")
    list_filter = ("framework", "source")
    raw_id_fields = ("parent",)


@admin.register(models.AssessmentCycle)
class AssessmentCycleAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "framework", "status")
    raw_id_fields = ("communities",)


@admin.register(models.IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ("cycle", "community", "indicator", "value", "status")
    list_filter = ("status",)
    raw_id_fields = ("community", "indicator", "submitted_by", "verified_by")


@admin.register(models.SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ("survey", "community", "submitted_on")
    raw_id_fields = ("community",)


@admin.register(models.ExpertAssignment)
class ExpertAssignmentAdmin(admin.ModelAdmin):
    list_display = ("cycle", "expert", "community", "assigned_at")
    list_filter = ("cycle",)
    raw_id_fields = ("expert", "community", "assigned_by")


for model in (
    models.CycleExpert,
    models.WeightingChoice,
    models.Evidence,
    models.ExpertScore,
    models.Survey,
    models.SurveyQuestion,
    models.SurveyInvitation,
    models.ExpertJudgment,
):
    admin.site.register(model)
