"""Admin of leases (read-only form, workflow buttons, transition log, relocation proof), renewals and
relocation reminders."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import ReadOnlyAdminMixin, StatusChangeInline, WorkflowAdminMixin
from portal.exceptions import DomainError
from portal.formatting import format_half_year, format_kst, format_won
from portal.uploads import private_file_response
from privacy.access_log_admin import AccessLoggedAdminMixin

from .. import services
from ..documents import lease_summary_response
from ..models import (
    Lease,
    LeaseRenewal,
    PerformanceReport,
    RelocationReminder,
    default_lease_end,
)
from ..models_offers import Offer, OfferStatus
from ..services.leases import lease_list_overlapping
from ..workflow import LEASE_WORKFLOW, RENEWAL_WORKFLOW


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
            end = end or default_lease_end(start)
            if end <= start:
                self.add_error("end_date", gettext("The lease must end after it starts."))
            elif lease_list_overlapping(unit, start, end).exists():
                self.add_error("unit", gettext(
                    "Unit %(unit)s already has a lease for part of this period. Choose another unit or period."
                ) % {"unit": unit.code})
        if unit and not self.errors.get("unit"):
            # A pending offer holds its unit: the applicant may still accept it.
            offer = (Offer.objects.filter(unit=unit, status=OfferStatus.PENDING).select_related("application")
                     .order_by("respond_by").first())
            if offer:
                self.add_error("unit", gettext(
                    "Unit %(unit)s is offered to %(company)s, who may accept it until %(date)s. Withdraw the "
                    "offer first, or choose another unit."
                ) % {"unit": unit.code, "company": offer.application.company_name_ko,
                     "date": format_kst(offer.respond_by)})
        return data

    def _post_clean(self):
        """The service builds the lease (and its defaults); skip the model validation of empty fields."""


@admin.register(Lease)
class LeaseAdmin(AccessLoggedAdminMixin, WorkflowAdminMixin, SimpleHistoryAdmin):
    access_log_company = "company"
    workflow = LEASE_WORKFLOW
    # Every transition goes through the lease's service (the start-date rule and the unit's status follow it).
    workflow_services = {
        t.name: (lambda lease, user, reason, to=t.target: services.lease_transition(
            lease=lease, to_status=to, actor=user, reason=reason))
        for t in LEASE_WORKFLOW.transitions.values()
    }
    list_display = ["unit", "company", "status", "start_date", "end_date", "rent_rate", "relocation_deadline",
                    "relocation_done"]
    list_select_related = ["unit__floor__building__lessor", "company"]
    list_filter = [
        "status", "unit__floor__building", "start_date", ("relocation_proof_uploaded_at", admin.EmptyFieldListFilter),
        ("relocation_confirmed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["unit__code", "company__name_ko", "company__name_en", "company__business_registration_number"]
    readonly_fields = [
        "company", "unit", "status", "start_date", "end_date", "area_pyeong", "rent_rate",
        "management_fee_rate", "deposit_amount", "monthly_amounts", "summary_link", "signed_at", "termination_reason",
        "relocation_deadline", "relocation_proof_link", "relocation_proof_uploaded_at", "relocation_confirmed_at",
        "relocation_confirmed_by", "created_at", "updated_at",
    ]
    autocomplete_fields = ["company", "unit"]
    inlines = [StatusChangeInline]
    change_form_template = "admin/tenants/lease/change_form.html"
    change_list_template = "admin/tenants/lease/change_list.html"

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

    @admin.display(description=_("rent per pyeong per month"), ordering="rent_per_pyeong")
    def rent_rate(self, obj) -> str:
        return format_won(obj.rent_per_pyeong)

    @admin.display(description=_("management fee per pyeong per month"))
    def management_fee_rate(self, obj) -> str:
        return format_won(obj.management_fee_per_pyeong)

    @admin.display(description=_("deposit"))
    def deposit_amount(self, obj) -> str:
        return format_won(obj.deposit)

    @admin.display(description=_("monthly rent / management fee"))
    def monthly_amounts(self, obj) -> str:
        return f"{format_won(obj.monthly_rent)} / {format_won(obj.monthly_management_fee)}"

    @admin.display(description=_("lease summary"))
    def summary_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:tenants_lease_summary", args=[obj.pk]),
                           gettext("Lease summary (PDF)"))

    @admin.display(description=_("new business registration certificate"))
    def relocation_proof_link(self, obj):
        if not obj.relocation_proof_path:
            return "-"
        url = reverse("admin:tenants_lease_relocation_proof", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.relocation_proof_name)

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
            context["can_confirm_relocation"] = bool(obj.relocation_proof_path and not obj.relocation_confirmed_at)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<int:lease_id>/relocation-confirm/", self.admin_site.admin_view(self.relocation_confirm_view),
                 name="{}_{}_relocation_confirm".format(*info)),
            path("<int:lease_id>/summary.pdf", self.admin_site.admin_view(self.summary_view),
                 name="{}_{}_summary".format(*info)),
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

    def summary_view(self, request, lease_id: int):
        lease = self._lease_or_404(request, lease_id, change=False)
        return lease_summary_response(lease=lease)

    def relocation_proof_view(self, request, lease_id: int):
        lease = self._lease_or_404(request, lease_id, change=False)
        if not lease.relocation_proof_path:
            raise Http404
        return private_file_response(lease.relocation_proof_path, lease.relocation_proof_name)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "occupancy_url": reverse("admin:tenants_unitoccupancy_changelist")}
        return super().changelist_view(request, extra_context)


@admin.register(LeaseRenewal)
class LeaseRenewalAdmin(AccessLoggedAdminMixin, WorkflowAdminMixin, SimpleHistoryAdmin):
    """Staff approve or decline a renewal after the performance review: buttons, bulk actions and reason pages
    come from the renewal workflow."""

    access_log_company = "lease__company"
    workflow = RENEWAL_WORKFLOW
    workflow_services = {
        "approve": lambda renewal, user, reason: services.lease_renewal_approve(renewal=renewal, actor=user,
                                                                              reason=reason),
        "decline": lambda renewal, user, reason: services.lease_renewal_decline(renewal=renewal, actor=user,
                                                                              reason=reason),
    }
    list_display = ["lease", "company", "status", "term_months", "created_at", "decided_at"]
    list_select_related = ["lease__unit", "lease__company"]
    list_filter = ["status", "term_months"]
    search_fields = ["lease__company__name_ko", "lease__company__name_en", "lease__unit__code"]
    readonly_fields = ["lease", "company", "status", "term_months", "note", "requested_by", "created_at",
                       "performance_reports", "decided_by", "decided_at", "decision_reason", "new_lease"]
    autocomplete_fields: list[str] = []
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("company"))
    def company(self, obj):
        return obj.lease.company

    @admin.display(description=_("performance reports"))
    def performance_reports(self, obj):
        reports = PerformanceReport.objects.filter(company_id=obj.lease.company_id).order_by("year", "half")
        rows = format_html_join(
            "", "<li>{}: {} / {} / {} / {}</li>",
            ((format_half_year(r.year, r.half), r.employees, f"{r.revenue:,}", f"{r.investment:,}", r.patents_filed)
             for r in reports),
        )
        return rows or "-"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(RelocationReminder)
class RelocationReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["lease", "days_before", "sent_at"]
    list_select_related = ["lease__unit", "lease__company"]
    list_filter = ["days_before"]
    search_fields = ["lease__company__name_ko", "lease__unit__code"]
    readonly_fields = ["lease", "days_before", "sent_at"]
    autocomplete_fields: list[str] = []
