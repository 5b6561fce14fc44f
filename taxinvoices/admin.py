"""Admin of tax invoices: read-only records with their items and status history, the workflow's buttons
(cancel, send again), a modified tax invoice's reason code, the Hometax file and result upload of a billing
run, and the Hometax column map staff correct."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from billing.models import BillingRun
from portal.admin import ReadOnlyInlineMixin, WorkflowAdminMixin
from portal.exceptions import DomainError
from portal.exports import SpreadsheetUnreadable, spreadsheet_rows
from portal.templatetags.portal_tags import format_amount, format_won
from premises.models import Lessor
from privacy.access_log_admin import AccessLoggedAdminMixin

from . import services
from .exports import hometax_file_xlsx
from .forms import HometaxResultForm, ModifyReasonForm
from .hometax import hometax_result_record
from .models import HometaxColumn, TaxInvoice, TaxInvoiceItem, TaxInvoiceKind
from .workflow import TAX_INVOICE_WORKFLOW, TaxInvoiceStatus


class TaxInvoiceItemInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = TaxInvoiceItem
    fields = ["supplied_on", "name", "spec", "quantity", "unit_price", "supply_amount", "vat_amount", "remark"]
    readonly_fields = fields

    @admin.display(description=_("supply value (won)"))
    def supply_amount(self, obj) -> str:
        return format_amount(obj.supply)

    @admin.display(description=_("VAT (won)"))
    def vat_amount(self, obj) -> str:
        return format_amount(obj.vat)


def _cancel(obj, actor, reason):
    return services.tax_invoice_cancel(tax_invoice=obj, actor=actor, reason=reason)


def _resend(obj, actor, reason):
    return services.tax_invoice_resend(tax_invoice=obj, actor=actor)


@admin.register(TaxInvoice)
class TaxInvoiceAdmin(AccessLoggedAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    access_log_company = "company"
    access_log_name = "recipient_representative"
    workflow = TAX_INVOICE_WORKFLOW
    workflow_services = {"cancel": _cancel, "resend": _resend}
    list_display = ["mgt_key", "kind", "recipient_name", "recipient_brn", "write_date", "supply_won", "vat_won",
                    "status", "approval_number", "issuer"]
    list_select_related = ["invoice"]
    list_filter = ["status", "kind", "year", "month", "issuer", "lessor"]
    search_fields = ["mgt_key", "approval_number", "recipient_name", "recipient_brn", "invoice__number"]
    readonly_fields = [
        "mgt_key", "kind", "invoice", "original", "modify_code", "year", "month", "write_date", "supplier_brn",
        "supplier_name", "supplier_representative", "supplier_address", "supplier_business_type",
        "supplier_business_item", "supplier_email", "recipient_brn", "recipient_name", "recipient_representative",
        "recipient_address", "recipient_business_type", "recipient_business_item", "recipient_email",
        "supply_won", "vat_won", "total_won", "remark", "issuer", "approval_number", "nts_result", "issued_at",
        "checked_at", "reason_link",
    ]
    fields = readonly_fields
    inlines = [TaxInvoiceItemInline]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("supply value"), ordering="supply")
    def supply_won(self, obj) -> str:
        return format_won(obj.supply)

    @admin.display(description=_("VAT"), ordering="vat")
    def vat_won(self, obj) -> str:
        return format_won(obj.vat)

    @admin.display(description=_("total"), ordering="total")
    def total_won(self, obj) -> str:
        return format_won(obj.total)

    @admin.display(description=_("change the reason code"))
    def reason_link(self, obj):
        from django.utils.html import format_html

        if obj.kind != TaxInvoiceKind.MODIFIED or obj.status != TaxInvoiceStatus.DRAFT:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("admin:taxinvoices_taxinvoice_reason", args=[obj.pk]),
                           gettext("Choose the reason code"))

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<int:tax_invoice_id>/reason/", self.admin_site.admin_view(self.reason_view),
                 name="{}_{}_reason".format(*info)),
            path("hometax/<int:run_id>/<int:lessor_id>/file.xlsx", self.admin_site.admin_view(self.hometax_file_view),
                 name="{}_{}_hometax_file".format(*info)),
            path("hometax/<int:run_id>/result/", self.admin_site.admin_view(self.hometax_result_view),
                 name="{}_{}_hometax_result".format(*info)),
            *super().get_urls(),
        ]

    def reason_view(self, request, tax_invoice_id: int):
        tax_invoice = get_object_or_404(TaxInvoice, pk=tax_invoice_id)
        if not self.has_change_permission(request, tax_invoice):
            raise Http404
        form = ModifyReasonForm(request.POST or None, initial={"code": tax_invoice.modify_code})
        if request.method == "POST" and form.is_valid():
            try:
                services.tax_invoice_modify_reason_set(tax_invoice=tax_invoice, code=form.cleaned_data["code"],
                                                       actor=request.user)
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                self.message_user(request, gettext("The reason code is recorded."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:taxinvoices_taxinvoice_change", args=[tax_invoice.pk]))
        return TemplateResponse(request, "admin/taxinvoices/reason.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form, "tax_invoice": tax_invoice,
            "title": gettext("Reason code of %(key)s") % {"key": tax_invoice.mgt_key},
        })

    def hometax_file_view(self, request, run_id: int, lessor_id: int):
        if not self.has_view_permission(request):
            raise Http404
        run = get_object_or_404(BillingRun, pk=run_id)
        lessor = get_object_or_404(Lessor, pk=lessor_id)
        return hometax_file_xlsx(request=request, lessor=lessor, year=run.year, month=run.month)

    def hometax_result_view(self, request, run_id: int):
        if not self.has_change_permission(request):
            raise Http404
        run = get_object_or_404(BillingRun, pk=run_id)
        form = HometaxResultForm(request.POST or None, request.FILES or None)
        outcome = None
        if request.method == "POST" and form.is_valid():
            try:
                rows = spreadsheet_rows(form.cleaned_data["file"])
                outcome = hometax_result_record(lessor=form.cleaned_data["lessor"], year=run.year, month=run.month,
                                                rows=rows, actor=request.user)
            except SpreadsheetUnreadable:
                form.add_error("file", gettext("The file cannot be read as XLSX or CSV."))
            except DomainError as exc:
                form.add_error("file" if exc.field == "file" else None, exc.message)
            else:
                self.message_user(request, gettext(
                    "%(recorded)s approval numbers recorded, %(already)s already recorded, %(unmatched)s not "
                    "matched.") % {"recorded": len(outcome.recorded), "already": len(outcome.already),
                                   "unmatched": len(outcome.unmatched)},
                    messages.WARNING if outcome.unmatched else messages.SUCCESS)
        return TemplateResponse(request, "admin/taxinvoices/hometax_result.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form, "run": run,
            "outcome": outcome, "title": gettext("Hometax result file for %(period)s") % {"period": run.period},
            "run_url": reverse("admin:billing_billingrun_progress", args=[run.pk]),
        }, status=400 if request.method == "POST" and form.errors else 200)


@admin.register(HometaxColumn)
class HometaxColumnAdmin(admin.ModelAdmin):
    """The column map of the Hometax files: staff correct a header or a position when Hometax changes its form."""

    list_display = ["file", "position", "header", "source", "required", "verified", "note"]
    list_editable = ["header", "source", "required", "verified", "note"]
    list_filter = ["file", "verified"]
    search_fields = ["header", "source"]
    list_per_page = 100
