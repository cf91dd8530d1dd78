from django.contrib import admin

from .models import BudgetYear, Municipality, Sector, Unit


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "org_number", "chief_executive_name")


@admin.register(BudgetYear)
class BudgetYearAdmin(admin.ModelAdmin):
    list_display = ("year", "municipality")


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "budget_year", "sort_order")
    list_filter = ("budget_year",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sector", "budget_year", "sort_order")
    list_filter = ("budget_year", "sector")
    search_fields = ("code", "name")
