"""Admin of the premises: sites, buildings, floors, unit types and units."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Building, Floor, Site, Unit, UnitType


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "slug"]
    list_select_related: list[str] = []
    list_filter: list[str] = []
    search_fields = ["name_ko", "name_en"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields: list[str] = []
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "site", "address_ko", "floors_above_ground"]
    list_select_related = ["site"]
    list_filter = ["site"]
    search_fields = ["name_ko", "name_en", "address_ko"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["site"]


@admin.register(Floor)
class FloorAdmin(admin.ModelAdmin):
    list_display = ["building", "number"]
    list_select_related = ["building"]
    list_filter = ["building"]
    search_fields = ["building__name_ko"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["building"]


@admin.register(UnitType)
class UnitTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "area_pyeong", "area_m2", "seats_min", "seats_max"]
    list_select_related: list[str] = []
    list_filter: list[str] = []
    search_fields = ["code"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields: list[str] = []


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "floor", "unit_type", "area_m2", "seats", "status"]
    list_select_related = ["floor__building", "unit_type"]
    list_filter = ["status", "unit_type", "floor__building", "floor__number"]
    search_fields = ["code"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["floor", "unit_type"]
