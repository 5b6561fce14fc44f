"""Admin of billing: invoices (read-only, payments added inline, credit notes with a reason), the
month's run with its progress, the monthly report (CSV, XLSX) and the billed-versus-collected chart,
payments, account credits, the deposit ledger and reminders."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import ReadOnlyAdminMixin, ReadOnlyInlineMixin, StatusChangeInline
from portal.confirmation import confirmed
from portal.exceptions import DomainError
from portal.formatting import format_amount, format_won
from portal.queue import broker_failed
from privacy.access_log_admin import AccessLoggedAdminMixin

from . import hooks, reports, selectors, services
from .models import (
    AccountCredit,
    BillingRun,
    DepositLedgerEntry,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceReminder,
    InvoiceStatus,
    Payment,
    PaymentMethod,
)


def _won(value) -> str:
    """An amount under a label that does not say won: '1,201,200원' (Korean), '₩1,201,200' (English)."""
    return "-" if value is None else format_won(value)


def _amount(value) -> str:
    """An amount under a label that already says won: '1,201,200'."""
    return "-" if value is None else format_amount(value)


# How often the progress page of a running month fetches its figures again (static/js/admin/billing-run-progress.js).
PROGRESS_REFRESH_MS = 3000


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("Year and month, for example 2026-12."),
    )

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-12."))
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-12."))
        return year, month


def _current_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


class InvoiceLineInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = InvoiceLine
    fields = ["kind", "label_ko", "label_en", "basis", "quantity", "rate_amount", "days", "month_days", "line_amount",
              "taxable"]
    readonly_fields = fields

    @admin.display(description=_("rate (won)"))
    def rate_amount(self, obj) -> str:
        return _amount(obj.rate)

    @admin.display(description=_("amount (won)"))
    def line_amount(self, obj) -> str:
        return _amount(obj.amount)


class AmountDisplayWidget(forms.NumberInput):
    """Shows a recorded payment's amount with thousands separators; the admin renders a widget marked
    read_only in place of the field's plain value."""

    read_only = True

    def render(self, name, value, attrs=None, renderer=None):
        return _amount(value)


class PaymentInlineForm(forms.ModelForm):
    adjustment_reason = forms.CharField(
        label=_("Reason for the adjustment"), required=False, max_length=1000,
        help_text=_("Only for a payment dated in a closed month: it is then recorded as an adjustment of that "
                    "month with this reason."))

    class Meta:
        model = Payment
        fields = ["paid_on", "amount", "method", "reference"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a recorded payment is shown, never edited; a new row keeps its number input
            self.fields["amount"].widget = AmountDisplayWidget()

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on and paid_on > timezone.localdate():
            raise forms.ValidationError(_("The payment date cannot be in the future."))
        return paid_on

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 1:
            raise forms.ValidationError(_("Enter an amount of at least 1 won."))
        return amount

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("paid_on") and not self.instance.pk:
            try:
                services.payment_period_check(paid_on=cleaned["paid_on"],
                                              adjustment_reason=cleaned.get("adjustment_reason", ""))
            except DomainError as exc:
                self.add_error("paid_on", exc.message)
        return cleaned


class PaymentInline(admin.TabularInline):
    """Payments are added here and never edited or deleted (a wrong one is offset by a credit note)."""

    model = Payment
    form = PaymentInlineForm
    extra = 1
    fields = ["paid_on", "amount", "method", "reference", "adjustment_reason", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return obj is not None and obj.kind == InvoiceKind.INVOICE and obj.status != InvoiceStatus.CANCELLED


class CreditNoteForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the credit note"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)


@admin.register(Invoice)
class InvoiceAdmin(AccessLoggedAdminMixin, SimpleHistoryAdmin):
    access_log_company = "company"
    # Supply value and VAT are on the invoice's page and in the month's report; the list keeps what fits 1280 px.
    list_display = ["number", "kind", "company_name", "business_registration_number", "period", "total_won",
                    "paid_won", "outstanding_won", "status", "due_on"]
    list_select_related = ["company"]
    list_filter = ["status", "kind", "year", "month", "due_on", "lease__unit__floor__building"]
    search_fields = ["number", "company_name", "company__name_en", "business_registration_number", "unit_code"]
    readonly_fields = [
        "number", "kind", "refers_to", "reason", "lease", "company", "company_name",
        "business_registration_number", "unit_code", "year", "month", "period_start", "period_end", "issued_on",
        "due_on", "bank_account", "supply_won", "vat_won", "total_won", "paid_won", "outstanding_won",
        "status", "pdf_link", "emailed_at", "created_at",
    ]
    fields = readonly_fields
    autocomplete_fields = []
    inlines = [InvoiceLineInline, PaymentInline, StatusChangeInline]
    actions = ["issue_credit_notes"]
    list_per_page = 100
    change_list_template = "admin/billing/invoice/change_list.html"

    def get_queryset(self, request):
        return selectors.invoices_with_amounts(super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("period"), ordering="year")
    def period(self, obj) -> str:
        return obj.period

    @admin.display(description=_("supply value"), ordering="supply")
    def supply_won(self, obj) -> str:
        return _won(obj.supply)

    @admin.display(description=_("VAT"), ordering="vat")
    def vat_won(self, obj) -> str:
        return _won(obj.vat)

    @admin.display(description=_("total"), ordering="total")
    def total_won(self, obj) -> str:
        return _won(obj.total)

    @admin.display(description=_("paid"), ordering="paid_amount")
    def paid_won(self, obj) -> str:
        return _won(getattr(obj, "paid_amount", None)) if obj.kind == InvoiceKind.INVOICE else "-"

    @admin.display(description=_("outstanding"), ordering="outstanding_amount")
    def outstanding_won(self, obj) -> str:
        if obj.kind != InvoiceKind.INVOICE or obj.status == InvoiceStatus.CANCELLED:
            return "-"
        return _won(getattr(obj, "outstanding_amount", None))

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        from django.utils.html import format_html

        if not obj.pdf_path:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("admin:billing_invoice_pdf", args=[obj.pk]),
                           f"{obj.number}.pdf")

    def save_model(self, request, obj, form, change):
        """The invoice itself never changes; only its inline payments are saved (see save_formset)."""

    def save_formset(self, request, form, formset, change):
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not Payment:
            return
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form.instance.pk:
                continue
            data = inline_form.cleaned_data
            try:
                payment = services.payment_record(
                    invoice=form.instance, paid_on=data["paid_on"], amount=data["amount"],
                    method=data.get("method") or PaymentMethod.TRANSFER, reference=data.get("reference", ""),
                    actor=request.user, adjustment_reason=data.get("adjustment_reason", ""),
                )
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                formset.new_objects.append(payment)
                self.message_user(request, gettext("Payment of %(amount)s won recorded.")
                                  % {"amount": format_amount(data["amount"])}, messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(show_save_and_add_another=False, show_delete=False, show_save_as_new=False)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<int:invoice_id>/pdf/", self.admin_site.admin_view(self.pdf_view), name="{}_{}_pdf".format(*info)),
            path("report/", self.admin_site.admin_view(self.report_view), name="{}_{}_report".format(*info)),
            path("report.csv", self.admin_site.admin_view(self.report_csv_view),
                 name="{}_{}_report_csv".format(*info)),
            path("report.xlsx", self.admin_site.admin_view(self.report_xlsx_view),
                 name="{}_{}_report_xlsx".format(*info)),
            path("chart.svg", self.admin_site.admin_view(self.chart_view), name="{}_{}_chart".format(*info)),
            *super().get_urls(),
        ]

    def pdf_view(self, request, invoice_id: int):
        invoice = get_object_or_404(Invoice, pk=invoice_id)
        if not self.has_view_permission(request, invoice) or not invoice.pdf_path:
            raise Http404
        return FileResponse(storages["private"].open(invoice.pdf_path, "rb"), as_attachment=True,
                            filename=f"{invoice.number}.pdf", content_type="application/pdf")

    def _report_month(self, request):
        form = MonthForm(request.GET or {"month": _current_month()})
        return form, (form.cleaned_data["month"] if form.is_valid() else None)

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        form, month = self._report_month(request)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": gettext("Billing report"),
            "form": form, "month": month, "query": request.GET.urlencode(),
            "series": selectors.billed_vs_collected(),
        }
        if month:
            context["rows"] = list(selectors.monthly_report_rows(year=month[0], month=month[1]))
        return TemplateResponse(request, "admin/billing/invoice/report.html", context)

    def report_csv_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        _form, month = self._report_month(request)
        if month is None:
            raise Http404
        return reports.monthly_report_csv(request=request, year=month[0], month=month[1])

    def report_xlsx_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        _form, month = self._report_month(request)
        if month is None:
            raise Http404
        return reports.monthly_report_xlsx(request=request, year=month[0], month=month[1])

    def chart_view(self, request):
        if not self.has_view_permission(request):
            raise Http404
        return reports.billed_vs_collected_svg(selectors.billed_vs_collected())

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "report_url": reverse("admin:billing_invoice_report"),
                         "run_url": reverse("admin:billing_billingrun_start")}
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Issue credit notes for the selected invoices"), permissions=["change"])
    def issue_credit_notes(self, request, queryset):
        invoices = list(queryset.filter(kind=InvoiceKind.INVOICE).exclude(status=InvoiceStatus.CANCELLED))
        if "apply" in request.POST:
            form = CreditNoteForm(request.POST)
            if form.is_valid():
                for invoice in invoices:
                    try:
                        note = services.credit_note_issue(invoice=invoice, reason=form.cleaned_data["reason"],
                                                          actor=request.user)
                    except DomainError as exc:
                        self.message_user(request, f"{invoice.number}: {exc.message}", messages.ERROR)
                    else:
                        self.message_user(request, gettext("%(invoice)s: credit note %(note)s issued.")
                                          % {"invoice": invoice.number, "note": note.number}, messages.SUCCESS)
                return None
        else:
            form = CreditNoteForm()
        if not invoices:
            self.message_user(request, gettext("None of the selected invoices can be credited."), messages.WARNING)
            return None
        return TemplateResponse(request, "admin/billing/invoice/credit_note.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form, "invoices": invoices,
            "title": gettext("Issue credit notes"), "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(BillingRun)
class BillingRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["period", "started_at", "started_by", "total", "issued", "failed", "finished_at"]
    list_select_related = ["started_by"]
    list_filter = ["year", "month"]
    search_fields = ["year"]
    readonly_fields = ["year", "month", "started_by", "started_at", "finished_at", "total", "issued", "failed",
                       "failures"]
    fields = readonly_fields
    autocomplete_fields = []


    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("start/", self.admin_site.admin_view(self.start_view), name="{}_{}_start".format(*info)),
            path("<int:run_id>/progress/", self.admin_site.admin_view(self.progress_view),
                 name="{}_{}_progress".format(*info)),
            *super().get_urls(),
        ]

    def _may_start(self, request) -> bool:
        return request.user.has_perm("billing.add_invoice")

    def start_view(self, request):
        if not self._may_start(request):
            raise Http404
        form = MonthForm(request.POST or None, initial={"month": _current_month()})
        preview = None
        if request.method == "POST" and form.is_valid():
            year, month = form.cleaned_data["month"]
            if not confirmed(request):  # first what the run would do; only its confirmation starts it
                preview = selectors.billing_run_preview(year=year, month=month)
        if request.method == "POST" and form.is_valid() and preview is None:
            try:
                run = services.billing_run_start(year=year, month=month, actor=request.user)
            except DomainError as exc:
                form.add_error("month", exc.message)
            else:
                if broker_failed():
                    self.message_user(request, gettext(
                        "The run for %(period)s is recorded (%(count)s leases), but the task queue cannot be "
                        "reached: the invoices will be issued automatically once it is back.")
                        % {"period": run.period, "count": run.total}, messages.WARNING)
                else:
                    self.message_user(request, gettext("The run for %(period)s has started: %(count)s leases.")
                                      % {"period": run.period, "count": run.total}, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:billing_billingrun_progress", args=[run.pk]))
        return TemplateResponse(request, "admin/billing/billingrun/start.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form, "preview": preview,
            "title": gettext("Start the month's run"),
            "recent": BillingRun.objects.select_related("started_by")[:5],
        })

    def progress_view(self, request, run_id: int):
        if not self.has_view_permission(request):
            raise Http404
        run = get_object_or_404(BillingRun, pk=run_id)
        return TemplateResponse(request, "admin/billing/billingrun/progress.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "run": run,
            "title": gettext("Run of %(period)s") % {"period": run.period},
            "failures": sorted(run.failures.items(), key=lambda item: int(item[0])),
            "invoices_url": reverse("admin:billing_invoice_changelist") + f"?year={run.year}&month={run.month}",
            "refresh_ms": PROGRESS_REFRESH_MS,
            "sections": hooks.run_page_sections(request, run),
        })

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "run_url": reverse("admin:billing_billingrun_start")}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:billing_billingrun_progress", args=[object_id]))


@admin.register(Payment)
class PaymentAdmin(AccessLoggedAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    access_log_company = "invoice__company"
    list_display = ["invoice", "paid_on", "amount_won", "method", "reference", "recorded_by", "recorded_at"]
    list_select_related = ["invoice", "recorded_by"]
    list_filter = ["method", "paid_on"]
    search_fields = ["invoice__number", "invoice__company_name", "reference"]
    readonly_fields = ["invoice", "paid_on", "amount_won", "method", "reference", "recorded_by", "recorded_at"]
    fields = readonly_fields
    autocomplete_fields = []

    @admin.display(description=_("amount (won)"), ordering="amount")
    def amount_won(self, obj) -> str:
        return _amount(obj.amount)


@admin.register(AccountCredit)
class AccountCreditAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["company", "amount_won", "note", "invoice", "created_by", "created_at"]
    list_select_related = ["company", "invoice", "created_by"]
    list_filter = ["created_at"]
    search_fields = ["company__name_ko", "company__business_registration_number", "note"]
    readonly_fields = ["company", "amount_won", "payment", "invoice", "note", "created_by", "created_at"]
    fields = readonly_fields
    autocomplete_fields = []

    @admin.display(description=_("amount (won)"), ordering="amount")
    def amount_won(self, obj) -> str:
        return _amount(obj.amount)


class DepositEntryForm(forms.ModelForm):
    class Meta:
        model = DepositLedgerEntry
        fields = ["lease", "kind", "amount", "on", "note"]

    def clean(self):
        data = super().clean()
        if data.get("lease") and data.get("kind"):
            try:
                services.deposit_entry_check(lease_id=data["lease"].pk, kind=data["kind"], amount=data.get("amount"),
                                             note=data.get("note", ""))
            except DomainError as exc:
                self.add_error(exc.code if exc.code in self.fields else None, exc.message)
        return data


@admin.register(DepositLedgerEntry)
class DepositLedgerEntryAdmin(admin.ModelAdmin):
    """Deposits received, deductions and returns per lease; entries are added, never edited."""

    form = DepositEntryForm
    list_display = ["lease", "kind", "amount_won", "on", "note", "recorded_by"]
    list_select_related = ["lease__unit", "lease__company", "recorded_by"]
    list_filter = ["kind", "on"]
    search_fields = ["lease__company__name_ko", "lease__unit__code", "note"]
    readonly_fields = ["recorded_by", "created_at"]
    autocomplete_fields = ["lease"]

    @admin.display(description=_("amount (won)"), ordering="amount")
    def amount_won(self, obj) -> str:
        return _amount(obj.amount)

    def get_fields(self, request, obj=None):
        if obj is not None:  # a recorded entry is only viewed
            return ["lease", "kind", "amount_won", "on", "note", "recorded_by", "created_at"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return self.get_fields(request, obj)
        return super().get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        entry = services.deposit_entry_record(
            lease=obj.lease, kind=obj.kind, amount=obj.amount, on=obj.on, note=obj.note, actor=request.user)
        obj.pk = entry.pk
        obj.__dict__.update({k: v for k, v in entry.__dict__.items() if not k.startswith("_")})


@admin.register(InvoiceReminder)
class InvoiceReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["invoice", "kind", "sent_at"]
    list_select_related = ["invoice"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["invoice__number", "invoice__company_name"]
    readonly_fields = ["invoice", "kind", "sent_at"]
    autocomplete_fields = []


# Late charges and deemed rent have their own module.
from . import admin_late  # noqa: E402, F401
