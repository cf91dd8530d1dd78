from django.contrib import admin

from . import models


@admin.register(models.SickLeaveRecord)
class SickLeaveRecordAdmin(admin.ModelAdmin):
    list_display = ["year", "month", "level", "key", "label", "given_percent", "contracted_days"]
    list_filter = ["year", "level"]


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0


@admin.register(models.IndicatorTable)
class IndicatorTableAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "month", "unit_code", "section"]
    inlines = [IndicatorInline]


@admin.register(models.IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "value"]


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0


@admin.register(models.MilestonePlan)
class MilestonePlanAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "month"]
    inlines = [MilestoneInline]


@admin.register(models.MilestoneRevision)
class MilestoneRevisionAdmin(admin.ModelAdmin):
    list_display = ["milestone", "previous_date", "revised_date", "created_at"]
    readonly_fields = ["milestone", "previous_date", "revised_date", "reason", "decided", "created_at", "created_by"]


@admin.register(models.Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "month", "sort_order", "decision_reference"]
