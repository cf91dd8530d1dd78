"""The admin for rounds. Locking and publishing happen only through the services (they take the
snapshot and write the audit trail), so the state fields are read-only here; a locked round, its
tasks and its snapshot cannot be changed or deleted through the admin."""

from django.contrib import admin

from tertial.web.lock_admin import PeriodLockAdminMixin

from .models import Round, Snapshot, Task


class TaskInline(admin.TabularInline):
    model = Task
    fields = ["unit", "state", "version", "remark", "updated_by", "updated_at"]
    readonly_fields = ["unit", "version", "updated_by", "updated_at"]
    extra = 0
    can_delete = False


@admin.register(Round)
class RoundAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "budget_year", "period", "deadline", "state", "published"]
    list_filter = ["state", "published", "budget_year"]
    readonly_fields = ["state", "published", "locked_at", "published_at"]
    inlines = [TaskInline]

    def lock_period(self, obj):
        return (obj.budget_year.year, obj.period) if obj.budget_year_id and obj.period else None


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["round", "taken_at", "taken_by"]
    readonly_fields = ["round", "taken_at", "taken_by", "total_name", "rows", "central_items", "unit_comments"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
