"""Django admin for the decisions register. Every save and delete goes through the services, so the
derived fields are set and each change is audited as in the app's own screens."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Case, DecisionPoint, LogEntry
from .services import case_delete, case_save, case_values, point_delete, point_save, point_values


class PointInline(admin.StackedInline):
    model = DecisionPoint
    extra = 0


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "year", "body", "proposer", "party")
    list_filter = ("year", "kind", "body")
    search_fields = ("reference", "title", "proposer")
    inlines = [PointInline]

    def save_model(self, request: HttpRequest, obj: Case, form: Any, change: bool) -> None:
        old = Case.objects.filter(pk=obj.pk).first() if change else None
        case_save(case=obj, actor=request.user, before=case_values(old) if old else None)

    def delete_model(self, request: HttpRequest, obj: Case) -> None:
        case_delete(case=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Case]) -> None:
        for case in queryset:
            case_delete(case=case, actor=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        points = formset.save(commit=False)
        for point in formset.deleted_objects:
            point_delete(point=point, actor=request.user)
        for point in points:
            old = DecisionPoint.objects.filter(pk=point.pk).first() if point.pk else None
            point_save(point=point, actor=request.user, before=point_values(old) if old else None)
        formset.save_m2m()


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Read-only: follow-up entries are added on the case page (audited, shown in the feed)."""

    list_display = ("point", "entry_date", "text")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
