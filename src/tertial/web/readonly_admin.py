"""The admin of data that only services write (imports, the finance screens): visible, never edited
there, so that every write keeps its validation, period lock and audit entry."""


class ReadOnlyAdminMixin:
    """For a ModelAdmin or an inline: no add, change or delete."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
