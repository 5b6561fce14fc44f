"""Admin of performance indicators: totals and trends per half-year, CSV export."""

from __future__ import annotations

from django.contrib import admin
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.exports import csv_response, register
from privacy.access_log_admin import AccessLoggedAdminMixin

from .. import selectors
from ..models import PerformancePeriod, PerformanceReport

CSV_COLUMNS = ["year", "half", "companies", "employees", "foreign_employees", "revenue", "investment",
               "patents_filed", "patents_granted"]


@admin.register(PerformancePeriod)
class PerformancePeriodAdmin(admin.ModelAdmin):
    list_display = ["year", "half", "due_on"]
    list_filter = ["year"]


@admin.register(PerformanceReport)
class PerformanceReportAdmin(AccessLoggedAdminMixin, SimpleHistoryAdmin):
    access_log_company = "company"
    list_display = ["company", "year", "half", "employees", "foreign_employees", "revenue", "investment",
                    "patents_filed", "patents_granted"]
    list_select_related = ["company"]
    list_filter = ["year", "half"]
    search_fields = ["company__name_ko", "company__name_en"]
    readonly_fields = ["company", "year", "half", "employees", "foreign_employees", "revenue", "investment",
                       "patents_filed", "patents_granted", "submitted_by", "created_at", "updated_at"]
    autocomplete_fields: list[str] = []
    change_list_template = "admin/tenants/performancereport/change_list.html"
    actions = ["export_selected"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path("totals.csv", self.admin_site.admin_view(self.totals_csv_view),
                 name="tenants_performancereport_totals_csv"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        totals = list(selectors.performance_totals_by_half())
        series = ("employees", "revenue", "investment", "patents_filed")
        peaks = {name: max((t[name] or 0 for t in totals), default=0) or 1 for name in series}
        for row in totals:
            row["bars"] = [(name, row[name] or 0, round(100 * (row[name] or 0) / peaks[name])) for name in series]
        extra_context = {**(extra_context or {}), "totals": totals, "series": [
            ("employees", _("Employees")), ("revenue", _("Revenue (won)")), ("investment", _("Investment (won)")),
            ("patents_filed", _("Patents filed"))]}
        return super().changelist_view(request, extra_context)

    @register("performance-totals")
    def totals_csv_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        header = [_("Year"), _("Half-year"), _("Companies"), _("Employees"), _("Foreign employees"),
                  _("Revenue (won)"), _("Investment (won)"), _("Patents filed"), _("Patents granted")]
        rows = ([row[c] for c in CSV_COLUMNS] for row in selectors.performance_totals_by_half())
        return csv_response("performance-totals.csv", header, rows)

    @admin.action(description=_("Export the selected reports as CSV"), permissions=["view"])
    @register("performance-reports")
    def export_selected(self, request, queryset):
        header = [_("Company"), _("Business registration number"), _("Year"), _("Half-year"), _("Employees"),
                  _("Foreign employees"), _("Revenue (won)"), _("Investment (won)"), _("Patents filed"),
                  _("Patents granted")]
        rows = ([r.company.name_ko, r.company.business_registration_number, r.year, r.half, r.employees,
                 r.foreign_employees, r.revenue, r.investment, r.patents_filed, r.patents_granted]
                for r in queryset.select_related("company").order_by("year", "half", "company__name_ko"))
        return csv_response("performance-reports.csv", header, rows)
