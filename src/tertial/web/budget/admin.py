"""The admin for period data of budget follow-up. Every class writes through the period lock
(tertial.web.lock_admin): a row of a locked period cannot be saved, moved or deleted here either."""

from django.contrib import admin

from tertial.web.lock_admin import PeriodLockAdminMixin

from .models import Balance, CentralItem, Forecast, Measure, SectorComment, UnitComment


def _unit_period(obj) -> tuple[int, int] | None:
    if not obj.unit_id or not obj.period:
        return None
    return obj.unit.budget_year.year, obj.period


@admin.register(Forecast)
class ForecastAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "period", "amount", "entered_by", "entered_at"]
    list_filter = ["unit__budget_year", "period"]
    list_select_related = ["unit__budget_year"]

    def lock_period(self, obj):
        return _unit_period(obj)


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0


@admin.register(UnitComment)
class UnitCommentAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "period"]
    list_filter = ["unit__budget_year", "period"]
    list_select_related = ["unit__budget_year"]
    inlines = [MeasureInline]

    def lock_period(self, obj):
        return _unit_period(obj)


@admin.register(SectorComment)
class SectorCommentAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["sector", "period"]
    list_filter = ["sector__budget_year", "period"]

    def lock_period(self, obj):
        if not obj.sector_id or not obj.period:
            return None
        return obj.sector.budget_year.year, obj.period


@admin.register(CentralItem)
class CentralItemAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    list_display = ["text", "budget_year", "period", "category", "deviation", "line"]
    list_filter = ["budget_year", "period"]

    def lock_period(self, obj):
        if not obj.budget_year_id or not obj.period:
            return None
        return obj.budget_year.year, obj.period


@admin.register(Balance)
class BalanceAdmin(PeriodLockAdminMixin, admin.ModelAdmin):
    """Balances are cumulative: a month is frozen by any locked period at or after it in the year."""

    lock_cumulative = True
    list_display = ["unit", "period", "art", "funksjon", "prosjekt", "amount"]
    list_filter = ["period"]
    list_select_related = ["unit__budget_year"]
    raw_id_fields = ["unit"]

    def lock_period(self, obj):
        return _unit_period(obj)
