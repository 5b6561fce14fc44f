"""Admin of tenants: companies and teams, invitations, leases (workflow buttons, audit trail,
relocation proof), bookings, performance indicators (totals and CSV) and the occupancy map."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin, messages
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.exceptions import DomainError

from . import selectors, services
from .models import (
    Booking,
    Company,
    Invitation,
    Lease,
    LeaseStatus,
    LeaseTransition,
    PerformanceReport,
    RelocationReminder,
    TeamMembership,
    UnitOccupancy,
)
from .validators import brn_format


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]


class CompanyAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    hiring_url = forms.URLField(label=_("hiring page"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [
            "name_ko", "name_en", "business_registration_number", "logo", "description_ko", "description_en",
            "ai_field", "website", "hiring_url", "is_published", "billing_contact_name", "billing_contact_email",
            "address", "phone", "room_quota_hours",
        ]

    def clean_business_registration_number(self):
        return brn_format(self.cleaned_data["business_registration_number"])


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    form = CompanyAdminForm
    list_display = [
        "name_ko", "name_en", "business_registration_number", "ai_field", "is_published", "room_quota_hours",
    ]
    list_select_related: list[str] = []
    list_filter = ["is_published", "ai_field"]
    search_fields = ["name_ko", "name_en", "business_registration_number"]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields: list[str] = []
    inlines = [TeamMembershipInline]
    fieldsets = (
        (_("Public profile"), {"fields": (
            "name_ko", "name_en", "business_registration_number", "logo", "description_ko", "description_en",
            "ai_field", "website", "hiring_url", "is_published",
        )}),
        (_("Private details"), {"fields": ("billing_contact_name", "billing_contact_email", "address", "phone")}),
        (_("Set by staff"), {"fields": ("room_quota_hours",)}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def save_formset(self, request, form, formset, change):
        """New members join through the service (it grants the tenant-member role); removals keep an owner."""
        if formset.model is not TeamMembership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            try:
                services.membership_remove(membership=membership, actor=None)
            except DomainError as exc:
                messages.error(request, exc.message)
        for membership in instances:
            if membership.pk is None:
                services.membership_add(company=form.instance, user=membership.user, role=membership.role)
            else:
                try:
                    services.membership_change_role(membership=membership, role=membership.role, actor=None)
                except DomainError as exc:
                    messages.error(request, exc.message)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "company", "role", "invited_by", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["company", "invited_by"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "company__name_ko", "company__name_en"]
    readonly_fields = ["company", "email", "role", "invited_by", "expires_at", "accepted_at", "accepted_by",
                       "revoked_at", "created_at"]
    autocomplete_fields: list[str] = []
    exclude = ["token"]

    def has_add_permission(self, request):
        return False


class LeaseTransitionInline(admin.TabularInline):
    model = LeaseTransition
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields
    verbose_name_plural = _("status changes (who, when, from, to, why)")

    def has_add_permission(self, request, obj=None):
        return False


class LeaseAddForm(forms.ModelForm):
    """A new lease: the amounts, end and relocation deadline default to the building's settings."""

    class Meta:
        model = Lease
        fields = ["company", "unit", "start_date", "end_date", "rent_per_pyeong", "management_fee_per_pyeong",
                  "deposit", "relocation_deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("end_date", "rent_per_pyeong", "management_fee_per_pyeong", "deposit", "relocation_deadline"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty for the default.")

    def clean(self):
        data = super().clean()
        unit, start = data.get("unit"), data.get("start_date")
        end = data.get("end_date")
        if unit and start:
            from .models import default_lease_end
            from .services.leases import _overlapping

            end = end or default_lease_end(start)
            if end <= start:
                self.add_error("end_date", gettext("The lease must end after it starts."))
            elif _overlapping(unit, start, end).exists():
                self.add_error("unit", gettext(
                    "Unit %(unit)s already has a lease for part of this period. Choose another unit or period."
                ) % {"unit": unit.code})
        return data

    def _post_clean(self):
        """The service builds the lease (and its defaults); skip the model validation of empty fields."""


@admin.register(Lease)
class LeaseAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "company", "status", "start_date", "end_date", "rent_per_pyeong", "relocation_deadline",
                    "relocation_done"]
    list_select_related = ["unit", "company"]
    list_filter = [
        "status", "unit__floor__building", "start_date", ("relocation_confirmed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["unit__code", "company__name_ko", "company__name_en", "company__business_registration_number"]
    readonly_fields = [
        "company", "unit", "status", "start_date", "end_date", "area_pyeong", "rent_per_pyeong",
        "management_fee_per_pyeong", "deposit", "monthly_amounts", "signed_at", "termination_reason",
        "relocation_deadline", "relocation_proof_link", "relocation_proof_uploaded_at", "relocation_confirmed_at",
        "relocation_confirmed_by", "created_at", "updated_at",
    ]
    autocomplete_fields = ["company", "unit"]
    inlines = [LeaseTransitionInline]
    change_form_template = "admin/tenants/lease/change_form.html"
    change_list_template = "admin/tenants/lease/change_list.html"
    actions = ["sign_selected", "activate_selected"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = LeaseAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is None:
            return LeaseAddForm.Meta.fields
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        """Leases are never deleted: a mistaken one is terminated with its reason."""
        return False

    @admin.display(boolean=True, description=_("relocated"))
    def relocation_done(self, obj) -> bool:
        return obj.relocation_confirmed_at is not None

    @admin.display(description=_("monthly rent / management fee"))
    def monthly_amounts(self, obj) -> str:
        return f"{obj.monthly_rent:,} / {obj.monthly_management_fee:,}"

    @admin.display(description=_("new business registration certificate"))
    def relocation_proof_link(self, obj):
        from django.utils.html import format_html

        if not obj.relocation_proof_path:
            return "-"
        url = reverse("admin:tenants_lease_relocation_proof", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.relocation_proof_path.rsplit("/", 1)[-1])

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        lease = services.lease_create(
            company=data["company"], unit=data["unit"], start_date=data["start_date"], end_date=data.get("end_date"),
            rent_per_pyeong=data.get("rent_per_pyeong"),
            management_fee_per_pyeong=data.get("management_fee_per_pyeong"),
            deposit=data.get("deposit"), relocation_deadline=data.get("relocation_deadline"), actor=request.user,
        )
        obj.pk = lease.pk
        obj.__dict__.update({k: v for k, v in lease.__dict__.items() if not k.startswith("_")})

    def save_related(self, request, form, formsets, change):
        """Transitions are written by the services only."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # A lease changes only through its workflow buttons below; the form itself is read-only.
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False,
                           show_delete=False)
            context["transitions"] = [(s, LeaseStatus(s).label) for s in obj.allowed_transitions]
            context["can_confirm_relocation"] = bool(obj.relocation_proof_path and not obj.relocation_confirmed_at)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<int:lease_id>/transition/", self.admin_site.admin_view(self.transition_view),
                 name="{}_{}_transition".format(*info)),
            path("<int:lease_id>/relocation-confirm/", self.admin_site.admin_view(self.relocation_confirm_view),
                 name="{}_{}_relocation_confirm".format(*info)),
            path("<int:lease_id>/relocation-proof/", self.admin_site.admin_view(self.relocation_proof_view),
                 name="{}_{}_relocation_proof".format(*info)),
            *super().get_urls(),
        ]

    def _lease_or_404(self, request, lease_id: int, *, change: bool = True) -> Lease:
        lease = get_object_or_404(Lease, pk=lease_id)
        allowed = self.has_change_permission(request, lease) if change else self.has_view_permission(request, lease)
        if not allowed:
            raise Http404
        return lease

    def transition_view(self, request, lease_id: int):
        lease = self._lease_or_404(request, lease_id)
        back = reverse("admin:tenants_lease_change", args=[lease.pk])
        if request.method != "POST":
            return HttpResponseRedirect(back)
        try:
            services.lease_transition(
                lease=lease, to_status=request.POST.get("to", ""), actor=request.user,
                reason=request.POST.get("reason", ""),
            )
        except (DomainError, ValueError, KeyError) as exc:
            self.message_user(request, getattr(exc, "message", str(exc)), messages.ERROR)
        else:
            lease.refresh_from_db()
            self.message_user(request, gettext("The lease is now “%(status)s”.") % {
                "status": lease.get_status_display()}, messages.SUCCESS)
        return HttpResponseRedirect(back)

    def relocation_confirm_view(self, request, lease_id: int):
        lease = self._lease_or_404(request, lease_id)
        if request.method == "POST":
            try:
                services.lease_relocation_confirm(lease=lease, actor=request.user)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, gettext("The head-office relocation is confirmed."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:tenants_lease_change", args=[lease.pk]))

    def relocation_proof_view(self, request, lease_id: int):
        lease = self._lease_or_404(request, lease_id, change=False)
        if not lease.relocation_proof_path:
            raise Http404
        name = lease.relocation_proof_path.rsplit("/", 1)[-1]
        return FileResponse(storages["private"].open(lease.relocation_proof_path, "rb"), as_attachment=True,
                            filename=name)

    def _bulk(self, request, queryset, service, done_message):
        for lease in queryset.select_related("unit", "company"):
            try:
                service(lease=lease, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{lease}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, f"{lease}: {done_message}", messages.SUCCESS)

    @admin.action(description=_("Sign the selected leases"), permissions=["change"])
    def sign_selected(self, request, queryset):
        self._bulk(request, queryset, services.lease_sign, gettext("signed"))

    @admin.action(description=_("Activate the selected leases"), permissions=["change"])
    def activate_selected(self, request, queryset):
        self._bulk(request, queryset, services.lease_activate, gettext("active"))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "occupancy_url": reverse("admin:tenants_unitoccupancy_changelist")}
        return super().changelist_view(request, extra_context)


@admin.register(RelocationReminder)
class RelocationReminderAdmin(admin.ModelAdmin):
    list_display = ["lease", "days_before", "sent_at"]
    list_select_related = ["lease__unit", "lease__company"]
    list_filter = ["days_before"]
    search_fields = ["lease__company__name_ko", "lease__unit__code"]
    readonly_fields = ["lease", "days_before", "sent_at"]
    autocomplete_fields: list[str] = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["room", "company", "starts_at", "ends_at", "booked_by", "cancelled_at"]
    list_select_related = ["room__floor", "company", "booked_by"]
    list_filter = [("cancelled_at", admin.EmptyFieldListFilter), "room__kind", "room__floor__number"]
    search_fields = ["company__name_ko", "company__name_en", "room__name_ko", "purpose"]
    readonly_fields = ["room", "company", "booked_by", "starts_at", "ends_at", "purpose", "cancelled_at",
                       "cancelled_by", "created_at"]
    autocomplete_fields: list[str] = []
    date_hierarchy = "starts_at"

    def has_add_permission(self, request):
        return False


CSV_COLUMNS = ["year", "half", "companies", "employees", "foreign_employees", "revenue", "investment",
               "patents_filed", "patents_granted"]


@admin.register(PerformanceReport)
class PerformanceReportAdmin(SimpleHistoryAdmin):
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
        peak = max((t["employees"] or 0 for t in totals), default=0) or 1
        for row in totals:
            row["bar"] = round(100 * (row["employees"] or 0) / peak)
        extra_context = {**(extra_context or {}), "totals": totals}
        return super().changelist_view(request, extra_context)

    def totals_csv_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="performance-totals.csv"'
        response.write("\ufeff")  # Excel reads UTF-8 with a byte-order mark
        writer = csv.writer(response)
        writer.writerow([str(label) for label in (
            _("Year"), _("Half-year"), _("Companies"), _("Employees"), _("Foreign employees"), _("Revenue (won)"),
            _("Investment (won)"), _("Patents filed"), _("Patents granted"))])
        for row in selectors.performance_totals_by_half():
            writer.writerow([row[c] for c in CSV_COLUMNS])
        return response

    @admin.action(description=_("Export the selected reports as CSV"), permissions=["view"])
    def export_selected(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="performance-reports.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([str(label) for label in (
            _("Company"), _("Business registration number"), _("Year"), _("Half-year"), _("Employees"),
            _("Foreign employees"), _("Revenue (won)"), _("Investment (won)"), _("Patents filed"),
            _("Patents granted"))])
        for r in queryset.select_related("company").order_by("year", "half", "company__name_ko"):
            writer.writerow([r.company.name_ko, r.company.business_registration_number, r.year, r.half, r.employees,
                             r.foreign_employees, r.revenue, r.investment, r.patents_filed, r.patents_granted])
        return response


@admin.register(UnitOccupancy)
class UnitOccupancyAdmin(admin.ModelAdmin):
    """The occupancy map: every floor a row of its units, coloured and labelled by status."""

    list_display = ["code"]
    list_select_related = ["floor__building", "unit_type"]
    list_filter: list[str] = []
    search_fields: list[str] = []
    readonly_fields: list[str] = []
    autocomplete_fields: list[str] = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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
        }
        return TemplateResponse(request, "admin/tenants/occupancy.html", context)

