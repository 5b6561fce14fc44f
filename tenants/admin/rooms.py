"""Admin of meeting-room bookings and the occupancy map."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin import BoundedDateHierarchyMixin, ReadOnlyAdminMixin
from portal.exceptions import DomainError
from portal.providers.nts import FLAGGED, nts_configured
from privacy.access_log_admin import AccessLoggedAdminMixin

from .. import selectors, services
from ..models import (
    Booking,
    UnitOccupancy,
)


@admin.register(Booking)
class BookingAdmin(AccessLoggedAdminMixin, BoundedDateHierarchyMixin, admin.ModelAdmin):
    access_log_company = "company"
    list_display = ["room", "company", "starts_at", "ends_at", "booked_by", "cancelled_at"]
    list_select_related = ["room__floor", "company", "booked_by"]
    list_filter = [("cancelled_at", admin.EmptyFieldListFilter), "room__kind", "room__floor__number"]
    search_fields = ["company__name_ko", "company__name_en", "room__name_ko", "purpose"]
    readonly_fields = ["room", "company", "booked_by", "starts_at", "ends_at", "purpose", "cancelled_at",
                       "cancelled_by", "created_at"]
    autocomplete_fields: list[str] = []
    date_hierarchy = "starts_at"
    actions = ["cancel_selected"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cancel the selected bookings"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        for booking in queryset.select_related("room"):
            try:
                services.booking_cancel(booking=booking, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{booking}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{booking}: {gettext('The booking is cancelled.')}", messages.SUCCESS)


@admin.register(UnitOccupancy)
class UnitOccupancyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The occupancy map: every floor a row of its units, coloured and labelled by status."""

    list_display = ["code"]
    list_select_related = ["floor__building", "unit_type"]
    list_filter: list[str] = []
    search_fields: list[str] = []
    readonly_fields: list[str] = []
    autocomplete_fields: list[str] = []


    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise Http404
        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Occupancy map"),
            "opts": self.opts,
            "maps": selectors.occupancy_map(today=today),
            "today": today,
            "nts_configured": nts_configured(),
            "flagged": FLAGGED,
        }
        return TemplateResponse(request, "admin/tenants/occupancy.html", context)
