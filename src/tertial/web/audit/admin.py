from django.contrib import admin

from tertial.web.readonly_admin import ReadOnlyAdminMixin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: the log is written by services only and is append-only (no add, change or delete, so
    no bulk delete action either; the database refuses them too, tertial.web.audit.guard)."""

    list_display = ("at", "actor_name", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_name")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
