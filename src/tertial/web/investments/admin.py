"""The admin for investments: read only. Every write goes through the imports (services.py), which
validate the whole file, respect the period lock and audit the change."""

from django.contrib import admin

from tertial.web.readonly_admin import ReadOnlyAdminMixin

from . import models


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReportInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = models.ProjectReport
    extra = 0
    fields = ["month", "status", "budget", "forecast_year", "forecast_total", "stated_frame", "comment"]


class FrameInline(ReportInline):
    model = models.FrameChange
    fields = ["changed_on", "reference", "frame", "text"]


@admin.register(models.Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "unit", "budget_year"]
    list_filter = ["budget_year"]
    search_fields = ["number", "name"]
    inlines = [ReportInline, FrameInline]


@admin.register(models.FinancingLine)
class FinancingLineAdmin(ReadOnlyAdmin):
    list_display = ["budget_year", "month", "line", "budget", "actual", "forecast"]
    list_filter = ["budget_year", "month"]
