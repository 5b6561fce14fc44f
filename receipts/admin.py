"""Admin of collections: the virtual-account pool (load from a file, assign, release), bank column
layouts, bank files imported with a preview, the unmatched queue with assign / undo / return, refunds
with a second staff member's approval, and the month's report and close."""

from __future__ import annotations

import re
import secrets

from django.contrib import admin, messages
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin import (
    ReadOnlyAdminMixin,
    ReadOnlyInlineMixin,
    StatusChangeInline,
    WorkflowAdminMixin,
    WorkflowReasonForm,
)
from portal.exceptions import DomainError
from portal.formatting import format_kst
from portal.imports import TableError
from portal.templatetags.portal_tags import format_won
from privacy.access_log_admin import AccessLoggedAdminMixin
from tenants.models import LEASE_LIVE_STATUSES

from . import selectors, services
from .forms import (
    AssignForm,
    MonthForm,
    PoolUploadForm,
    RefundForm,
    ReturnForm,
    StatementConfirmForm,
    StatementUploadForm,
    UndoForm,
)
from .models import (
    Adjustment,
    Allocation,
    BankLayout,
    BankTransaction,
    CollectionMonth,
    DepositorAlias,
    Refund,
    RefundSource,
    StatementImport,
    VirtualAccount,
    VirtualAccountAssignment,
)
from .services.transactions import PENDING_DIR
from .workflow import REFUND_WORKFLOW, Actor, TransactionStatus

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _form_page(modeladmin, request, *, title, form=None, intro="", subject="", report=None, submit_label=None,
               submit_name="submit", cancel_url=None):
    context = {**modeladmin.admin_site.each_context(request), "opts": modeladmin.opts, "title": title, "form": form,
               "intro": intro, "subject": subject, "report": report, "submit_label": submit_label,
               "submit_name": submit_name,
               "cancel_url": cancel_url or reverse(f"admin:{modeladmin.opts.app_label}_{modeladmin.opts.model_name}"
                                                   "_changelist")}
    return TemplateResponse(request, "admin/portal/form.html", context)


class AssignmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = VirtualAccountAssignment
    fields = ["lease", "assigned_at", "assigned_by", "released_at", "released_by"]
    readonly_fields = fields


@admin.register(VirtualAccount)
class VirtualAccountAdmin(admin.ModelAdmin):
    list_display = ["number", "bank", "holder", "current_lease", "retired"]
    list_filter = ["bank", "retired"]
    search_fields = ["number", "holder", "assignments__lease__company__name_ko"]
    fields = ["bank", "number", "holder", "retired"]
    inlines = [AssignmentInline]
    change_list_template = "admin/receipts/virtualaccount/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("assignments__lease__company", "assignments__lease__unit")

    def get_readonly_fields(self, request, obj=None):
        return ["bank", "number"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("lease"))
    def current_lease(self, obj) -> str:
        current = next((a for a in obj.assignments.all() if a.released_at is None), None)
        return str(current.lease) if current else "-"

    def get_urls(self):
        return [
            path("load/", self.admin_site.admin_view(self.load_view), name="receipts_virtualaccount_load"),
            path("assign/", self.admin_site.admin_view(self.assign_view), name="receipts_virtualaccount_assign"),
            *super().get_urls(),
        ]

    def load_view(self, request):
        if not self.has_add_permission(request):
            raise Http404
        form = PoolUploadForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                result = services.virtual_accounts_load(data=form.cleaned_data["file"].read(), actor=request.user)
            except TableError as error:
                form.add_error("file", error.message)
            else:
                report = {
                    "title": gettext("Result"),
                    "summary": gettext("%(created)s accounts added to the pool; %(rejected)s rows rejected.")
                    % {"created": result.created, "rejected": len(result.rejected)},
                    "headings": [gettext("Row"), gettext("Number as written"), gettext("Why it was rejected")],
                    "rows": result.rejected,
                }
                form = PoolUploadForm()
        return _form_page(self, request, title=gettext("Load virtual accounts"), form=form, report=report,
                          intro=gettext("Upload the list of virtual accounts the lessor's bank issued. Valid rows "
                                        "are added to the pool; the others are listed with the reason."))

    def assign_view(self, request):
        if request.method != "POST" or not self.has_change_permission(request):
            raise Http404
        assigned, refusals = services.virtual_accounts_assign_live(actor=request.user)
        self.message_user(request, gettext("%(count)s leases got a virtual account.") % {"count": assigned},
                          messages.SUCCESS)
        for refusal in dict.fromkeys(refusals):
            self.message_user(request, refusal, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:receipts_virtualaccount_changelist"))


class SettlementFilter(admin.SimpleListFilter):
    """The queue of refunds owed at a lease's end: credit stays with a company only while a lease of it runs."""

    title = _("settlement")
    parameter_name = "settlement"

    def lookups(self, request, model_admin):
        return [("credit_left", _("Lease ended, account credit left to refund"))]

    def queryset(self, request, queryset):
        if self.value() == "credit_left":
            return selectors.assignments_ended_with_credit(queryset)
        return queryset


@admin.register(VirtualAccountAssignment)
class VirtualAccountAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["account", "lease", "lease_status", "company_credit_won", "assigned_at", "released_at"]
    list_filter = [SettlementFilter, "released_at"]
    search_fields = ["account__number", "lease__company__name_ko"]
    list_select_related = ["account", "lease__company", "lease__unit"]
    actions = ["release"]

    def get_queryset(self, request):
        return selectors.assignments_with_company_credit(super().get_queryset(request))

    @admin.display(description=_("lease status"), ordering="lease__status")
    def lease_status(self, obj) -> str:
        return obj.lease.get_status_display()

    @admin.display(description=_("company's account credit"), ordering="company_credit")
    def company_credit_won(self, obj):
        if not obj.company_credit:
            return "-"
        if obj.credit_refund_under_way:
            return format_html("{} ({})", format_won(obj.company_credit), _("refund under way"))
        if obj.company_other_live_lease or obj.lease.status in LEASE_LIVE_STATUSES:
            return format_won(obj.company_credit)
        url = reverse("admin:receipts_refund_add") + "?" + urlencode({
            "source": RefundSource.ACCOUNT_CREDIT, "company": obj.lease.company_id, "amount": obj.company_credit})
        return format_html('{} <a href="{}">{}</a>', format_won(obj.company_credit), url, _("Refund it"))

    @admin.action(description=_("Release (the lease has ended and is settled)"))
    def release(self, request, queryset):
        for assignment in queryset.order_by("pk"):
            try:
                services.virtual_account_release(assignment_id=assignment.pk, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{assignment}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{assignment}: {gettext('released')}", messages.SUCCESS)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("receipts.change_virtualaccountassignment") and obj is None


@admin.register(BankLayout)
class BankLayoutAdmin(admin.ModelAdmin):
    list_display = ["label", "bank", "verified", "active"]
    list_filter = ["verified", "active"]
    fieldsets = [
        (None, {"fields": ["label", "bank", "active", "verified", "source", "newest_first"]}),
        (_("Columns (header text; alternatives separated by “|”)"), {"fields": [
            "date_column", "time_column", "description_column", "depositor_column", "deposit_column",
            "withdrawal_column", "balance_column", "virtual_account_column"]}),
    ]


@admin.register(StatementImport)
class StatementImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["imported_at", "source", "account_number", "filename", "rows", "created", "duplicates",
                    "imported_by"]
    list_filter = ["source"]
    list_select_related = ["imported_by"]
    change_list_template = "admin/receipts/statementimport/change_list.html"

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view), name="receipts_statementimport_import"),
                *super().get_urls()]

    def _may_import(self, request) -> bool:
        return request.user.has_perm("receipts.add_banktransaction")

    def import_view(self, request):
        """Upload → preview of every row (new or already imported) → confirm: the file is imported as a
        whole and its new deposits are matched."""
        if not self._may_import(request):
            raise Http404
        storage = storages["private"]
        if request.method == "POST" and "confirm" in request.POST:
            confirm = StatementConfirmForm(request.POST)
            if not confirm.is_valid() or not _TOKEN.match(confirm.cleaned_data["token"]):
                raise Http404
            name = f"{PENDING_DIR}/{confirm.cleaned_data['token']}"
            if not storage.exists(name):
                self.message_user(request, gettext("The preview has expired; upload the file again."), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:receipts_statementimport_import"))
            with storage.open(name) as handle:
                data = handle.read()
            try:
                statement = services.statement_import(
                    data=data, layout=confirm.cleaned_data["layout"],
                    account_number=confirm.cleaned_data["account_number"],
                    filename=confirm.cleaned_data["filename"], actor=request.user)
            except (TableError, DomainError) as error:
                self.message_user(request, error.message, messages.ERROR)
                return HttpResponseRedirect(reverse("admin:receipts_statementimport_import"))
            finally:
                storage.delete(name)
            matched = statement.transactions.filter(status=TransactionStatus.MATCHED).count()
            self.message_user(request, gettext(
                "%(created)s new transactions saved (%(duplicates)s already imported); %(matched)s deposits "
                "matched, the others wait in the unmatched queue.")
                % {"created": statement.created, "duplicates": statement.duplicates, "matched": matched},
                messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:receipts_banktransaction_changelist")
                                        + f"?statement__id__exact={statement.pk}")
        form = StatementUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                rows, known = services.statement_preview(data=data, layout=form.cleaned_data["layout"],
                                                         account_number=form.cleaned_data["account_number"])
            except TableError as error:
                form.add_error("file", error.message)
            else:
                token = secrets.token_urlsafe(24)
                storage.save(f"{PENDING_DIR}/{token}", ContentFile(data))
                confirm = StatementConfirmForm(initial={
                    "token": token, "layout": form.cleaned_data["layout"].pk,
                    "account_number": form.cleaned_data["account_number"], "filename": upload.name[:255]})
                new = [r for r in rows if r.fingerprint not in known]
                report = {
                    "title": gettext("Preview"),
                    "summary": gettext("%(rows)s transactions read; %(new)s new, %(known)s already imported. "
                                       "Nothing is saved until you confirm.")
                    % {"rows": len(rows), "new": len(new), "known": len(rows) - len(new)},
                    "headings": [gettext("Row"), gettext("Date and time"), gettext("Depositor"), gettext("Deposit"),
                                 gettext("Withdrawal"), gettext("Balance"), gettext("Virtual account"),
                                 gettext("In the portal")],
                    "rows": [(r.line, timezone.localtime(r.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
                              r.depositor_name, format_won(r.deposit), format_won(r.withdrawal),
                              format_won(r.balance or 0), r.virtual_account_number or "-",
                              gettext("already imported") if r.fingerprint in known else gettext("new"))
                             for r in rows],
                }
                return _form_page(self, request, title=gettext("Import a bank file"), form=confirm, report=report,
                                  submit_label=gettext("Save the new transactions"), submit_name="confirm",
                                  subject=upload.name)
        return _form_page(self, request, title=gettext("Import a bank file"), form=form,
                          intro=gettext("Choose the bank's column layout and the account, then upload the list as "
                                        "the bank exported it (CSV in UTF-8 or CP949/EUC-KR, or XLSX). You will see "
                                        "every row before anything is saved."))


class AllocationInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Allocation
    fields = ["company", "invoice", "amount", "rule", "confirmed_by", "confirmed_at", "undone_at", "undone_by",
              "undo_reason"]
    readonly_fields = fields


@admin.register(BankTransaction)
class BankTransactionAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    access_log_company = "company"
    access_log_name = "depositor_name"
    list_display = ["occurred_at", "depositor_name", "deposit_won", "withdrawal_won", "virtual_account_number",
                    "status", "company"]
    list_filter = ["status", "statement__source"]
    search_fields = ["depositor_name", "description", "virtual_account_number", "company__name_ko"]
    date_hierarchy = None
    list_select_related = ["company"]
    fields = ["occurred_at", "account_number", "deposit_won", "withdrawal_won", "balance", "depositor_name",
              "description", "virtual_account_number", "bank_reference", "statement", "status", "company",
              "actions_links"]
    readonly_fields = fields
    inlines = [AllocationInline, StatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("deposit"), ordering="deposit")
    def deposit_won(self, obj) -> str:
        return format_won(obj.deposit) if obj.deposit else "-"

    @admin.display(description=_("withdrawal"), ordering="withdrawal")
    def withdrawal_won(self, obj) -> str:
        return format_won(obj.withdrawal) if obj.withdrawal else "-"

    @admin.display(description=_("what staff can do"))
    def actions_links(self, obj):
        links = []
        if obj.status == TransactionStatus.UNMATCHED:
            links = [("assign", gettext("Assign to a company or invoice")), ("return", gettext("Return to the sender"))]
        elif obj.status == TransactionStatus.MATCHED:
            links = [("undo", gettext("Undo the match"))]
        if not links:
            return "-"
        return format_html_join(" ", '<a class="button" href="{}">{}</a>', (
            (reverse(f"admin:receipts_banktransaction_{name}", args=[obj.pk]), label) for name, label in links))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": gettext("Bank transactions")}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/assign/", view(self.assign_view), name="receipts_banktransaction_assign"),
            path("<int:pk>/undo/", view(self.undo_view), name="receipts_banktransaction_undo"),
            path("<int:pk>/return/", view(self.return_view), name="receipts_banktransaction_return"),
            *super().get_urls(),
        ]

    def _transaction(self, request, pk):
        if not self.has_change_permission(request):
            raise Http404
        return get_object_or_404(BankTransaction, pk=pk)

    def _back(self, tx):
        return reverse("admin:receipts_banktransaction_change", args=[tx.pk])

    def _run(self, request, form, tx, title, call, done):
        if request.method == "POST" and form.is_valid():
            try:
                call(form.cleaned_data)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(self._back(tx))
        subject = (f"{timezone.localtime(tx.occurred_at):%Y-%m-%d %H:%M} · {tx.depositor_name or '-'} · "
                   f"{format_won(tx.deposit)}")
        return _form_page(self, request, title=title, form=form, subject=subject, cancel_url=self._back(tx))

    def assign_view(self, request, pk):
        tx = self._transaction(request, pk)
        form = AssignForm(request.POST or None)
        return self._run(request, form, tx, gettext("Assign the deposit"), lambda data: services.transaction_assign(
            transaction_id=tx.pk, actor=request.user, company_id=data["company"].pk if data["company"] else None,
            invoice_id=data["invoice"].pk if data["invoice"] else None, remember_name=data["remember_name"],
            reason=data["reason"], adjust=data["adjust"]), gettext("The deposit was assigned."))

    def undo_view(self, request, pk):
        tx = self._transaction(request, pk)
        form = UndoForm(request.POST or None)
        return self._run(request, form, tx, gettext("Undo the match"), lambda data: services.transaction_undo(
            transaction_id=tx.pk, actor=request.user, reason=data["reason"], adjust=data["adjust"]),
            gettext("The match was undone; the deposit is back in the unmatched queue."))

    def return_view(self, request, pk):
        tx = self._transaction(request, pk)
        form = ReturnForm(request.POST or None)
        return self._run(request, form, tx, gettext("Return to the sender"),
                         lambda data: services.transaction_mark_refund(
                             transaction_id=tx.pk, actor=request.user, bank=data["bank"],
                             account_number=data["account_number"], account_holder_name=data["account_holder_name"],
                             reason=data["reason"], adjust=data["adjust"]),
                         gettext("A refund was requested; another staff member approves it."))


@admin.register(Refund)
class RefundAdmin(AccessLoggedAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    """Refunds; approve and reject are for a staff member other than the one who requested the refund."""

    access_log_company = "company"
    access_log_name = "account_holder_name"
    workflow = REFUND_WORKFLOW
    workflow_services = {
        "approve": lambda obj, actor, reason: services.refund_approve(refund=obj, actor=actor, reason=reason),
        "reject": lambda obj, actor, reason: services.refund_reject(refund=obj, actor=actor, reason=reason),
        "pay": lambda obj, actor, reason: services.refund_pay(refund=obj, actor=actor, reason=reason),
        "cancel": lambda obj, actor, reason: services.refund_cancel(refund=obj, actor=actor, reason=reason),
    }
    form = RefundForm
    list_display = ["created_at", "company", "source", "amount_won", "status", "requested_by", "approved_by",
                    "paid_on"]
    list_filter = ["status", "source"]
    search_fields = ["company__name_ko", "account_holder_name"]
    list_select_related = ["company", "requested_by", "approved_by"]
    readonly_fields = ["requested_by", "approved_by", "paid_on", "transaction"]

    def workflow_transitions(self, status=None):
        roles = (Actor.STAFF, Actor.SECOND_STAFF)
        found = self.workflow.transitions.values() if status is None else self.workflow.transitions_from(status)
        return [t for t in found if t.actor in roles]

    def workflow_view(self, request, object_id, name: str):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        transition = self.workflow.transitions.get(name)
        if not self.has_change_permission(request, obj) or transition not in self.workflow_transitions():
            raise Http404
        back = reverse("admin:receipts_refund_change", args=[obj.pk])
        form = WorkflowReasonForm(request.POST if "reason" in request.POST else None)
        if request.method == "POST" and (not transition.needs_reason or form.is_valid()):
            self.workflow_report(request, obj, transition, form.cleaned_data["reason"] if transition.needs_reason
                                  else request.POST.get("reason", ""))
            return HttpResponseRedirect(back)
        return self.workflow_page_render(request, objects=[obj], transition=transition, form=form, cancel_url=back)

    def get_fields(self, request, obj=None):
        if obj is None:
            return RefundForm.Meta.fields
        return ["source", "company", "lease", "transaction", "amount", "bank", "account_number",
                "account_holder_name", "reason", "status", "requested_by", "approved_by", "paid_on"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("amount"), ordering="amount")
    def amount_won(self, obj) -> str:
        return format_won(obj.amount)

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        refund = services.refund_request(
            source=data["source"], amount=data["amount"], company=data.get("company"), lease=data.get("lease"),
            bank=data["bank"], account_number=data["account_number"],
            account_holder_name=data["account_holder_name"], reason=data["reason"], actor=request.user)
        obj.pk = refund.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)


class AdjustmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Adjustment
    fields = ["created_at", "transaction", "invoice", "payment", "action", "amount", "reason", "created_by"]
    readonly_fields = fields


@admin.register(CollectionMonth)
class CollectionMonthAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "closed_at", "closed_by"]
    fields = ["year", "month", "closed_at", "closed_by", "figures_table"]
    readonly_fields = fields
    inlines = [AdjustmentInline]
    change_list_template = "admin/receipts/collectionmonth/change_list.html"

    @admin.display(description=_("figures at closing"))
    def figures_table(self, obj):
        return format_html("<table>{}</table>", format_html_join(
            "", "<tr><th scope='row'>{}</th><td>{}</td></tr>", _figure_rows(obj.figures)))

    def get_urls(self):
        return [path("report/", self.admin_site.admin_view(self.report_view), name="receipts_collectionmonth_report"),
                *super().get_urls()]

    def report_view(self, request):
        if not request.user.has_perm("receipts.view_collectionmonth"):
            raise Http404
        form = MonthForm(request.GET or None)
        report, close = None, None
        if form.is_valid():
            year, month = form.cleaned_data["month"]
            if request.method == "POST" and request.user.has_perm("receipts.add_collectionmonth"):
                try:
                    services.month_close(year=year, month=month, actor=request.user)
                except DomainError as error:
                    self.message_user(request, error.message, messages.ERROR)
                else:
                    self.message_user(request, gettext("The month %(year)s-%(month)02d is closed.")
                                      % {"year": year, "month": month}, messages.SUCCESS)
                    return HttpResponseRedirect(request.get_full_path())
            figures = services.month_report(year=year, month=month)
            closed = CollectionMonth.objects.filter(year=year, month=month).first()
            report = {"title": f"{year}-{month:02d}",
                      "summary": (gettext("Closed on %(at)s by %(by)s.") % {
                          "at": format_kst(closed.closed_at), "by": closed.closed_by}
                          if closed else gettext("Open: matches of this month can still change.")),
                      "headings": [gettext("Figure"), gettext("Amount")], "rows": list(_figure_rows(figures))}
            close = closed is None
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": gettext("Month's collections"),
                   "form": form, "report": report, "may_close": close
                   and request.user.has_perm("receipts.add_collectionmonth")}
        return TemplateResponse(request, "admin/receipts/collectionmonth/report.html", context)


def _figure_rows(figures: dict):
    labels = [("billed", _("Billed")), ("deposits", _("Deposits received")), ("collected", _("Collected on invoices")),
              ("to_account_credit", _("Kept as account credit")), ("unmatched", _("Unmatched")),
              ("to_be_returned", _("To be returned")), ("refunded", _("Refunded")),
              ("late_charges", _("Late charges"))]
    for key, label in labels:
        value = figures.get(key)
        yield (label, "-" if value is None else format_won(value))
    yield (_("Unmatched deposits"), figures.get("unmatched_count", 0))
    yield (_("Adjustments after closing"), figures.get("adjustments", 0))


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["confirmed_at", "transaction", "company", "invoice", "amount", "rule", "confirmed_by",
                    "undone_at"]
    list_filter = ["rule"]
    list_select_related = ["transaction", "company", "invoice", "confirmed_by"]


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "closed_month", "action", "transaction", "invoice", "amount", "created_by"]
    list_select_related = ["closed_month", "created_by", "transaction", "invoice"]


@admin.register(DepositorAlias)
class DepositorAliasAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    access_log_company = "company"
    access_log_name = "name"
    list_display = ["name", "company"]
    search_fields = ["name", "company__name_ko"]
    list_select_related = ["company"]
    fields = ["company", "name"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
