"""The admin for content. Every class writes through the period lock (tertial.web.lock_admin): rows of a
locked period cannot be saved, moved or deleted here either. Sick leave is cumulative (its months are
frozen by any locked period at or after them in the year)."""

from django.contrib import admin

from tertial.web.lock_admin import PeriodLockAdminMixin

from . import models


def _own_period(obj) -> tuple[int, int] | None:
    return (obj.year, obj.month) if obj.year and obj.month else None


@admin.register(models.SickLeaveRecord)
class SickLeaveRecordAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["year", "month", "level", "key", "label", "given_percent", "contracted_days"]
    list_filter = ["year", "level"]
    lock_cumulative = True

    def lock_period(self, obj):
        return _own_period(obj)


class IndicatorInline(admin.TabularInline):
    model = models.Indicator
    extra = 0


@admin.register(models.IndicatorTable)
class IndicatorTableAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["title", "year", "month", "unit_code", "section"]
    inlines = [IndicatorInline]

    def lock_period(self, obj):
        return _own_period(obj)


@admin.register(models.IndicatorValue)
class IndicatorValueAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["indicator", "period", "value"]

    def lock_period(self, obj):
        return _own_period(obj.indicator.table) if obj.indicator_id else None


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0


@admin.register(models.MilestonePlan)
class MilestonePlanAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["title", "year", "month"]
    inlines = [MilestoneInline]

    def lock_period(self, obj):
        return _own_period(obj)


@admin.register(models.MilestoneRevision)
class MilestoneRevisionAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["milestone", "previous_date", "revised_date", "created_at"]
    readonly_fields = ["milestone", "previous_date", "revised_date", "reason", "decided", "created_at", "created_by"]

    def has_add_permission(self, request) -> bool:
        """Revisions are written by the milestone form; here every field is read-only (an add form
        would save an empty revision: an IntegrityError, a 500)."""
        return False

    def lock_period(self, obj):
        return _own_period(obj.milestone.plan) if obj.milestone_id else None


@admin.register(models.Section)
class SectionAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["title", "year", "month", "sort_order", "decision_reference"]

    def lock_period(self, obj):
        return _own_period(obj)
