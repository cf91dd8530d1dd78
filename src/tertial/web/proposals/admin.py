"""The admin for proposals: read only. Every write goes through the services (balance enforced,
adoption into a budget change, audit), from the finance screens, the import or the CLI."""

from django.contrib import admin

from tertial.web.readonly_admin import ReadOnlyAdminMixin

from . import models

ReadOnly = ReadOnlyAdminMixin


class LineInline(ReadOnly, admin.TabularInline):
    model = models.ProposalLine
    extra = 0
    fields = ["unit", "general_line", "text", "amount"]


@admin.register(models.Proposal)
class ProposalAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["budget_year", "period", "number", "title", "funding", "state", "adopted_reference", "adopted_on"]
    list_filter = ["budget_year", "period", "state"]
    inlines = [LineInline]
