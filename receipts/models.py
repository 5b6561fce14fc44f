"""Collections (수납): the pool of virtual accounts and their assignment to leases, bank column layouts,
imported statements, bank transactions, their matches to invoices, refunds and the month's close.

Invariants the database holds: a virtual account number once; at most one open assignment per account
and per lease; a bank transaction once (its fingerprint from the bank's own fields); one close per month.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel
from portal.templatetags.portal_tags import format_won

from .workflow import RefundStatus, TransactionStatus

_USER = settings.AUTH_USER_MODEL


class VirtualAccount(TimeStampedModel):
    """A virtual account number (가상계좌) the lessor's bank issued, in the pool until assigned to a lease."""

    bank = models.CharField(_("bank"), max_length=40)
    number = models.CharField(_("virtual account number"), max_length=30, unique=True,
                              help_text=_("Digits only; hyphens are removed."))
    holder = models.CharField(_("account holder"), max_length=100)
    retired = models.BooleanField(_("retired"), default=False,
                                  help_text=_("A retired account is never assigned again."))
    loaded_by = models.ForeignKey(_USER, verbose_name=_("loaded by"), on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")

    class Meta:
        verbose_name = _("virtual account")
        verbose_name_plural = _("virtual accounts")
        ordering = ["bank", "number"]

    def __str__(self) -> str:
        return f"{self.bank} {self.number}"


class VirtualAccountAssignment(models.Model):
    account = models.ForeignKey(VirtualAccount, verbose_name=_("virtual account"), on_delete=models.PROTECT,
                                related_name="assignments")
    lease = models.ForeignKey("tenants.Lease", verbose_name=_("lease"), on_delete=models.PROTECT,
                              related_name="virtual_account_assignments")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by = models.ForeignKey(_USER, verbose_name=_("assigned by"), on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(_USER, verbose_name=_("released by"), on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")

    class Meta:
        verbose_name = _("virtual account assignment")
        verbose_name_plural = _("virtual account assignments")
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(fields=["account"], condition=models.Q(released_at__isnull=True),
                                    name="virtualaccount_one_open_assignment"),
            models.UniqueConstraint(fields=["lease"], condition=models.Q(released_at__isnull=True),
                                    name="lease_one_open_virtual_account"),
        ]

    def __str__(self) -> str:
        return f"{self.account} → {self.lease_id}"


class BankLayout(models.Model):
    """The column layout of one bank's transaction export. Each column field holds the header text,
    alternatives separated by "|"."""

    label = models.CharField(_("name"), max_length=100, unique=True)
    bank = models.CharField(_("bank"), max_length=40)
    active = models.BooleanField(_("active"), default=True)
    verified = models.BooleanField(_("verified against the bank's material"), default=False)
    source = models.TextField(_("source of the layout"), blank=True,
                              help_text=_("Where the layout was taken from, and when it was checked."))
    date_column = models.CharField(_("date column"), max_length=100,
                                   help_text=_("Header text, alternatives separated by “|”. The date may hold the "
                                               "time too (2026-12-01 09:30:00); the time, description and virtual "
                                               "account columns may be missing from a file."))
    time_column = models.CharField(_("time column"), max_length=100, blank=True)
    description_column = models.CharField(_("description column"), max_length=100, blank=True)
    depositor_column = models.CharField(_("depositor column"), max_length=100)
    deposit_column = models.CharField(_("deposit column"), max_length=100)
    withdrawal_column = models.CharField(_("withdrawal column"), max_length=100)
    balance_column = models.CharField(_("balance column"), max_length=100)
    virtual_account_column = models.CharField(_("virtual account column"), max_length=100, blank=True)
    newest_first = models.BooleanField(_("newest row first"), default=False,
                                       help_text=_("The bank lists the latest transaction at the top."))

    class Meta:
        verbose_name = _("bank column layout")
        verbose_name_plural = _("bank column layouts")
        ordering = ["bank", "label"]

    def __str__(self) -> str:
        return self.label


class TransactionSource(models.TextChoices):
    FILE = "file", _("File imported by staff")
    POPBILL = "popbill", _("Popbill account inquiry")


class StatementImport(models.Model):
    """One file or one API fetch: what came in and how much of it was new."""

    source = models.CharField(_("source"), max_length=10, choices=TransactionSource.choices)
    layout = models.ForeignKey(BankLayout, verbose_name=_("layout"), on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    account_number = models.CharField(_("account"), max_length=30)
    filename = models.CharField(_("file"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new transactions"), default=0)
    duplicates = models.PositiveIntegerField(_("already known"), default=0)
    imported_by = models.ForeignKey(_USER, verbose_name=_("imported by"), on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.filename or self.account_number} ({self.imported_at:%Y-%m-%d %H:%M})"


class BankTransaction(models.Model):
    """One line of the lessor's bank account. Its fingerprint (account, time to the second, deposit,
    withdrawal, balance) is the bank's own identity of the line, the same in every file and the API."""

    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True, editable=False)
    statement = models.ForeignKey(StatementImport, verbose_name=_("first seen in"), on_delete=models.PROTECT,
                                  related_name="transactions")
    account_number = models.CharField(_("account"), max_length=30)
    occurred_at = models.DateTimeField(_("date and time"))
    deposit = models.BigIntegerField(_("deposit (won)"), default=0)
    withdrawal = models.BigIntegerField(_("withdrawal (won)"), default=0)
    balance = models.BigIntegerField(_("balance (won)"), null=True, blank=True)
    depositor_name = models.CharField(_("depositor"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    virtual_account_number = models.CharField(_("virtual account"), max_length=30, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=TransactionStatus.choices,
                              default=TransactionStatus.UNMATCHED, editable=False)
    company = models.ForeignKey("tenants.Company", verbose_name=_("company"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+", editable=False)
    transitions = GenericRelation("portal.StatusChange", related_query_name="bank_transaction")

    class Meta:
        verbose_name = _("bank transaction")
        verbose_name_plural = _("bank transactions")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["status", "occurred_at"]), models.Index(fields=["virtual_account_number"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(deposit__gte=0, withdrawal__gte=0),
                                   name="banktransaction_amounts_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.depositor_name} {format_won(self.deposit)}"


class MatchRule(models.TextChoices):
    VIRTUAL_ACCOUNT = "virtual_account", _("Virtual account")
    AMOUNT_AND_NAME = "amount_name", _("Exact amount and depositor name")
    STAFF_INVOICE = "staff_invoice", _("Assigned by staff to an invoice")
    STAFF_COMPANY = "staff_company", _("Assigned by staff to a company")


class Allocation(models.Model):
    """The part of a deposit applied to one invoice (a billing payment) or kept as account credit."""

    transaction = models.ForeignKey(BankTransaction, verbose_name=_("bank transaction"), on_delete=models.PROTECT,
                                    related_name="allocations")
    company = models.ForeignKey("tenants.Company", verbose_name=_("company"), on_delete=models.PROTECT,
                                related_name="+")
    invoice = models.ForeignKey("billing.Invoice", verbose_name=_("invoice"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    payment = models.ForeignKey("billing.Payment", verbose_name=_("payment"), on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    credit = models.ForeignKey("billing.AccountCredit", verbose_name=_("account credit"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    amount = models.BigIntegerField(_("amount (won)"))
    rule = models.CharField(_("rule"), max_length=20, choices=MatchRule.choices)
    confirmed_by = models.ForeignKey(_USER, verbose_name=_("confirmed by"), on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+", help_text=_("Empty: matched by the portal."))
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(_USER, verbose_name=_("undone by"), on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    undo_reason = models.TextField(_("reason for the undo"), blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-confirmed_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_amount_positive")]

    def __str__(self) -> str:
        return f"{self.transaction_id} → {self.invoice_id or self.company_id} {format_won(self.amount)}"


class DepositorAlias(models.Model):
    """A name a company's transfers arrive under (an owner's name, a short name), for matching."""

    company = models.ForeignKey("tenants.Company", verbose_name=_("company"), on_delete=models.CASCADE,
                                related_name="depositor_aliases")
    name = models.CharField(_("depositor name"), max_length=100)
    created_by = models.ForeignKey(_USER, verbose_name=_("added by"), on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")

    class Meta:
        verbose_name = _("depositor name")
        verbose_name_plural = _("depositor names")
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="depositoralias_unique")]

    def __str__(self) -> str:
        return self.name


class RefundSource(models.TextChoices):
    ACCOUNT_CREDIT = "account_credit", _("Account credit (overpayment)")
    DEPOSIT = "deposit", _("Lease deposit")
    TRANSACTION = "transaction", _("An unmatched deposit returned to the sender")


class Refund(TimeStampedModel):
    company = models.ForeignKey("tenants.Company", verbose_name=_("company"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="refunds")
    lease = models.ForeignKey("tenants.Lease", verbose_name=_("lease"), on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", help_text=_("Required for a refund of the deposit."))
    transaction = models.ForeignKey(BankTransaction, verbose_name=_("bank transaction"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="refunds")
    source = models.CharField(_("paid from"), max_length=20, choices=RefundSource.choices)
    amount = models.PositiveBigIntegerField(_("amount (won)"))
    bank = models.CharField(_("bank"), max_length=40)
    account_number = models.CharField(_("account number"), max_length=30)
    account_holder_name = models.CharField(_("account holder"), max_length=100)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=12, choices=RefundStatus.choices,
                              default=RefundStatus.REQUESTED, editable=False)
    requested_by = models.ForeignKey(_USER, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True,
                                     related_name="+", editable=False)
    approved_by = models.ForeignKey(_USER, verbose_name=_("approved by"), on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+", editable=False)
    paid_on = models.DateField(_("transferred on"), null=True, blank=True, editable=False)
    transitions = GenericRelation("portal.StatusChange", related_query_name="refund")

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {format_won(self.amount)}"


class CollectionMonth(models.Model):
    """A closed month: the figures as they were at closing. After it, that month's matches change only
    through an adjustment with a reason."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    closed_by = models.ForeignKey(_USER, verbose_name=_("closed by"), on_delete=models.SET_NULL, null=True,
                                  related_name="+")
    figures = models.JSONField(_("figures at closing"), default=dict)

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="collectionmonth_once")]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class Adjustment(models.Model):
    """A change to a closed month's matches or payments, with its reason (the undo of a match, a late
    assignment, a payment staff recorded in the invoice's admin dated in the closed month)."""

    closed_month = models.ForeignKey(CollectionMonth, verbose_name=_("closed month"), on_delete=models.PROTECT,
                                     related_name="adjustments")
    transaction = models.ForeignKey(BankTransaction, verbose_name=_("bank transaction"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="adjustments")
    invoice = models.ForeignKey("billing.Invoice", verbose_name=_("invoice"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+")
    payment = models.ForeignKey("billing.Payment", verbose_name=_("payment"), on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", help_text=_("Empty once the payment was taken back."))
    action = models.CharField(_("change"), max_length=20)
    amount = models.BigIntegerField(_("amount (won)"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(_USER, verbose_name=_("by"), on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(
            condition=models.Q(transaction__isnull=False) | models.Q(invoice__isnull=False),
            name="adjustment_of_a_transaction_or_a_payment")]

    def __str__(self) -> str:
        return f"{self.closed_month} {self.action} {format_won(self.amount)}"
