from django.contrib import admin

from .models import SectorLeadership, UnitLeadership


@admin.register(UnitLeadership)
class UnitLeadershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit_code"]
    search_fields = ["user__username", "unit_code"]


@admin.register(SectorLeadership)
class SectorLeadershipAdmin(admin.ModelAdmin):
    list_display = ["user", "sector_code"]
    search_fields = ["user__username", "sector_code"]
