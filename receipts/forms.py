"""Forms of the collections admin: file uploads, assigning a deposit, undoing a match, returning a
deposit, a refund request and the month to report on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BankLayout, Refund

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadField(forms.FileField):
    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file is not None and file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return file


class PoolUploadForm(forms.Form):
    file = UploadField(label=_("List of virtual accounts (CSV or XLSX)"),
                       help_text=_("Columns: bank (은행), virtual account number (가상계좌번호), holder (예금주)."))


class StatementUploadForm(forms.Form):
    layout = forms.ModelChoiceField(label=_("Bank column layout"), queryset=BankLayout.objects.filter(active=True))
    account_number = forms.CharField(label=_("The lessor's account number"), max_length=30,
                                     help_text=_("The account the list is of; hyphens allowed."))
    file = UploadField(label=_("Transaction list (CSV or XLSX, as the bank exports it)"))

    def clean_account_number(self):
        value = self.cleaned_data["account_number"].strip()
        if not 8 <= sum(c.isdigit() for c in value) <= 20 or any(c not in "0123456789- " for c in value):
            raise forms.ValidationError(_("Enter the account number: digits, hyphens allowed."))
        return value


class StatementConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    layout = forms.ModelChoiceField(queryset=BankLayout.objects.all(), widget=forms.HiddenInput)
    account_number = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, required=False)


class AdjustmentFields(forms.Form):
    adjust = forms.BooleanField(
        label=_("Record as an adjustment of the closed month"), required=False,
        help_text=_("Needed when the deposit's month is closed; the reason is kept with the adjustment."))


class AssignForm(AdjustmentFields):
    company = forms.ModelChoiceField(label=_("Company"), required=False, queryset=None,
                                     help_text=_("Its open invoices are paid oldest due first; the rest becomes "
                                                 "account credit."))
    invoice = forms.ModelChoiceField(label=_("Or one invoice"), required=False, queryset=None,
                                     help_text=_("All of the deposit goes to this invoice; any excess becomes "
                                                 "account credit."))
    remember_name = forms.BooleanField(label=_("Match this depositor name to the company from now on"),
                                       required=False)
    reason = forms.CharField(label=_("Note or reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from billing.models import OPEN_STATUSES, Invoice, InvoiceKind
        from tenants.models import Company

        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.order_by("name_ko")
        self.fields["invoice"].queryset = Invoice.objects.filter(
            kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES).order_by("due_on", "number")

    def clean(self):
        data = super().clean()
        if bool(data.get("company")) == bool(data.get("invoice")):
            raise forms.ValidationError(_("Choose a company or an invoice (one of them)."))
        return data


class UndoForm(AdjustmentFields):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(AdjustmentFields):
    bank = forms.CharField(label=_("Bank"), max_length=40)
    account_number = forms.CharField(label=_("Account number to return to"), max_length=30)
    account_holder_name = forms.CharField(label=_("Account holder"), max_length=100, required=False,
                                          help_text=_("Empty: the depositor's name."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RefundForm(forms.ModelForm):
    class Meta:
        model = Refund
        fields = ["source", "company", "lease", "amount", "bank", "account_number", "account_holder_name",
                  "reason"]

    def clean(self):
        from portal.exceptions import DomainError

        from .services import refund_check

        data = super().clean()
        lease, company = data.get("lease"), data.get("company")
        if lease is not None and company is None:
            data["company"] = company = lease.company
        if data.get("source") == "transaction":
            raise forms.ValidationError(_("A deposit is returned from the bank transaction's page."))
        try:
            refund_check(source=data.get("source"), amount=data.get("amount"), company=company, lease=lease)
        except DomainError as error:
            self.add_error(error.field or None, error.message)
        return data


class MonthForm(forms.Form):
    month = forms.CharField(label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}),
                            help_text=_("Year and month, for example 2026-11."))

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-11.")) from None
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-11."))
        return year, month
