"""Admin of the premises: sites, buildings (with their rates), floors, unit types, units, meeting rooms."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.formatting import format_amount

from .models import Building, Floor, Lessor, MeetingRoom, Site, Unit, UnitType
from .services import unit_maintenance_set


class UnlinkedFileInput(forms.ClearableFileInput):
    """A file input that says a file is on record without linking to the private storage."""

    template_name = "admin/widgets/unlinked_file.html"

    def _render(self, template_name, context, renderer=None):
        # The project's template engine (the default form renderer reads only Django's own widgets).
        return mark_safe(render_to_string(template_name, context))  # noqa: S308 (a template's output)


@admin.register(Lessor)
class LessorAdmin(admin.ModelAdmin):
    list_display = ["name", "business_registration_number", "representative", "department", "phone", "bank_name"]
    search_fields = ["name", "business_registration_number"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.FileField: {"widget": UnlinkedFileInput}}
    fieldsets = (
        (_("Lessor and supplier (임대인 · 공급자)"), {"fields": (
            "name", "business_registration_number", "representative", "address", "business_type", "business_item",
        )}),
        (_("Contact"), {"fields": ("department", "phone", "email")}),
        (_("Bank account for payments"), {"fields": ("bank_name", "bank_account_number", "bank_account_holder")}),
        (_("Seal"), {"fields": ("seal",)}),
        (_("Money rule"), {"fields": ("rounding_unit", "rounding_mode")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )


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
    list_display = [
        "name_ko", "site", "lessor", "address_ko", "floors_above_ground", "market_rent",
        "rent_discount_percent", "management_fee", "invoice_due_day",
    ]
    list_select_related = ["site", "lessor"]
    list_filter = ["site", "lessor"]
    search_fields = ["name_ko", "name_en", "address_ko"]
    readonly_fields = ["rent_per_pyeong_display", "created_at", "updated_at"]
    autocomplete_fields = ["site", "lessor"]
    fieldsets = (
        (None, {"fields": (
            "site", "lessor", "name_ko", "name_en", "address_ko", "address_en", "floors_above_ground",
        )}),
        (_("Rent and fees (defaults of new leases and invoices)"), {"fields": (
            "market_rent_per_pyeong", "rent_discount_percent", "rent_per_pyeong_display",
            "management_fee_per_pyeong", "deposit_months", "invoice_due_day",
        )}),
        (_("Meeting rooms"), {"fields": ("rooms_open_from", "rooms_open_until")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("rent per pyeong per month (won)"))
    def rent_per_pyeong_display(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "-"
        return format_amount(obj.rent_per_pyeong)

    @admin.display(description=_("market rent per pyeong per month (won)"), ordering="market_rent_per_pyeong")
    def market_rent(self, obj) -> str:
        return format_amount(obj.market_rent_per_pyeong)

    @admin.display(description=_("management fee per pyeong per month (won)"), ordering="management_fee_per_pyeong")
    def management_fee(self, obj) -> str:
        return format_amount(obj.management_fee_per_pyeong)


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
    # The status follows the unit's leases and offers (premises.services.unit_status_refresh); staff only
    # take a unit in and out of maintenance, with the actions.
    readonly_fields = ["status", "created_at", "updated_at"]
    autocomplete_fields = ["floor", "unit_type"]
    actions = ["maintenance_start", "maintenance_end"]

    def _maintenance(self, request, queryset, *, under_maintenance: bool):
        for unit in queryset.order_by("pk"):
            unit = unit_maintenance_set(unit_id=unit.pk, under_maintenance=under_maintenance)
            self.message_user(request, f"{unit.code}: {unit.get_status_display()}", messages.SUCCESS)

    @admin.action(description=_("Put the selected units under maintenance"), permissions=["change"])
    def maintenance_start(self, request, queryset):
        self._maintenance(request, queryset, under_maintenance=True)

    @admin.action(description=_("Bring the selected units back into use"), permissions=["change"])
    def maintenance_end(self, request, queryset):
        self._maintenance(request, queryset, under_maintenance=False)


@admin.register(MeetingRoom)
class MeetingRoomAdmin(admin.ModelAdmin):
    list_display = ["name_ko", "name_en", "floor", "kind", "capacity", "is_bookable"]
    list_select_related = ["floor__building"]
    list_filter = ["kind", "is_bookable", "floor__building", "floor__number"]
    search_fields = ["name_ko", "name_en"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["floor"]
