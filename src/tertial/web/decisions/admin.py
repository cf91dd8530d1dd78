from django.contrib import admin

from .models import Case, DecisionPoint, LogEntry


class PointInline(admin.StackedInline):
    model = DecisionPoint
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "year", "body", "proposer", "party")
    list_filter = ("year", "kind", "body")
    search_fields = ("reference", "title", "proposer")
    inlines = [PointInline]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ("point", "entry_date", "text")
