from django.contrib import admin

from .models import Round, Snapshot, Task


class TaskInline(admin.TabularInline):
    model = Task
    fields = ["unit", "state", "version", "remark", "updated_by", "updated_at"]
    readonly_fields = ["unit", "version", "updated_by", "updated_at"]
    extra = 0
    can_delete = False


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "budget_year", "period", "deadline", "state", "published"]
    list_filter = ["state", "published", "budget_year"]
    inlines = [TaskInline]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["round", "taken_at", "taken_by"]
    readonly_fields = ["round", "taken_at", "taken_by", "total_name", "rows", "central_items", "unit_comments"]
