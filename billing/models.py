"""Monthly invoices and credit notes, their lines, payments, account credits, deposits and billing runs.

Invariants the database holds: one invoice (kind "invoice") per lease and month; invoice numbers
unique; one reminder of each kind per invoice. Issued invoices never change except their status
and e-mail time: corrections are credit notes that refer to the original (see billing/services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.exceptions import DomainError
from portal.formatting import format_won
from portal.models import TimeStampedModel

from .workflow import InvoiceStatus


class BillingRun(models.Model):
    """One month's run: a task per lease; progress counted from the invoices that exist."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    lease_ids = models.JSONField(_("leases billed"), default=list, blank=True)
    total = models.PositiveIntegerField(_("leases"), default=0)
    issued = models.PositiveIntegerField(_("invoices issued"), default=0)
    failed = models.PositiveIntegerField(_("failures"), default=0)
    failures = models.JSONField(_("failures with reasons"), default=dict, blank=True,
                                help_text=_("Lease id → reason."))

    class Meta:
        verbose_name = _("billing run")
        verbose_name_plural = _("billing runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, (self.issued + self.failed) * 100 // self.total)


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


OPEN_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE)
# Fields of an issued invoice that may still change (through the services only).
INVOICE_MUTABLE_FIELDS = frozenset({"status", "emailed_at", "updated_at"})


class Invoice(TimeStampedModel):
    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    refers_to = models.ForeignKey(
        "self", verbose_name=_("corrects invoice"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="credit_notes",
    )
    reason = models.TextField(_("reason for the credit note"), blank=True)
    lease = models.ForeignKey(
        "tenants.Lease", verbose_name=_("lease"), on_delete=models.PROTECT, related_name="invoices"
    )
    company = models.ForeignKey(
        "tenants.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="invoices"
    )
    # Snapshot of the facts printed on the invoice, as they were on the day of issue.
    company_name = models.CharField(_("company name"), max_length=200)
    business_registration_number = models.CharField(_("business registration number"), max_length=12)
    unit_code = models.CharField(_("unit"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    issued_on = models.DateField(_("issue date"))
    due_on = models.DateField(_("due date"))
    bank_account = models.CharField(_("bank account for payment"), max_length=300, blank=True)
    supply = models.BigIntegerField(_("supply value (won)"))
    vat = models.BigIntegerField(_("VAT (won)"))
    total = models.BigIntegerField(_("total (won)"))
    status = models.CharField(_("status"), max_length=12, choices=InvoiceStatus.choices,
                              default=InvoiceStatus.ISSUED)
    pdf_path = models.CharField(_("PDF"), max_length=300, blank=True, help_text=_("Path in the private storage."))
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    status_changes = GenericRelation("portal.StatusChange", related_query_name="invoice")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "-month", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["lease", "year", "month"], condition=models.Q(kind="invoice"),
                name="invoice_once_per_lease_and_month",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="invoice", refers_to__isnull=True)
                | models.Q(kind="credit_note", refers_to__isnull=False),
                name="invoice_credit_note_refers_to_original",
            ),
        ]
        indexes = [models.Index(fields=["year", "month", "kind"]), models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        """Issued invoices are written once; later saves may touch only the status and e-mail time
        (the PDF, rendered once after issue, is attached by billing.services.invoice_pdf_render)."""
        if self.pk is not None and not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= INVOICE_MUTABLE_FIELDS:
                raise DomainError(_("An issued invoice cannot be changed; issue a credit note instead."))
        super().save(*args, **kwargs)

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"


class InvoiceLineKind(models.TextChoices):
    RENT = "rent", _("Rent")
    MANAGEMENT_FEE = "management_fee", _("Management fee")
    CORRECTION = "correction", _("Correction")
    LATE_CHARGE = "late_charge", _("Late charge")


class InvoiceLine(models.Model):
    """One line of an invoice or credit note. Lines marked `taxable` make the supply value (VAT is 10% of it);
    the others (a late charge, unless the lessor's policy says otherwise) add to the total only."""

    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=InvoiceLineKind.choices)
    taxable = models.BooleanField(_("in the supply value (VAT)"), default=True)
    label_ko = models.CharField(_("item (Korean)"), max_length=100)
    label_en = models.CharField(_("item (English)"), max_length=100)
    basis = models.CharField(_("basis"), max_length=200)
    quantity = models.DecimalField(_("area (pyeong)"), max_digits=9, decimal_places=2)
    rate = models.BigIntegerField(_("rate (won)"))
    days = models.PositiveSmallIntegerField(_("days billed"))
    month_days = models.PositiveSmallIntegerField(_("days in the month"))
    amount = models.BigIntegerField(_("amount (won)"))

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]

    def __str__(self) -> str:
        return f"{self.label_ko} {format_won(self.amount)}"


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    VIRTUAL_ACCOUNT = "virtual_account", _("Virtual account")
    CARD = "card", _("Card")
    ACCOUNT_CREDIT = "account_credit", _("Account credit")
    OTHER = "other", _("Other")


class Payment(models.Model):
    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveBigIntegerField(_("amount (won)"))
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices,
                              default=PaymentMethod.TRANSFER)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.invoice_id} {self.paid_on} {format_won(self.amount)}"


class AccountCredit(models.Model):
    """Money a company holds with the district: an overpayment (+), or credit used (−)."""

    company = models.ForeignKey(
        "tenants.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="account_credits"
    )
    amount = models.BigIntegerField(_("amount (won)"))
    payment = models.ForeignKey(
        Payment, verbose_name=_("from payment"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="credits",
    )
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("account credit")
        verbose_name_plural = _("account credits")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.company_id} {'+' if self.amount > 0 else ''}{format_won(self.amount)}"


class DepositEntryKind(models.TextChoices):
    RECEIVED = "received", _("Deposit received")
    DEDUCTION = "deduction", _("Deduction")
    RETURNED = "returned", _("Returned to the tenant")


class DepositLedgerEntry(models.Model):
    lease = models.ForeignKey(
        "tenants.Lease", verbose_name=_("lease"), on_delete=models.PROTECT, related_name="deposit_entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DepositEntryKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (won)"))
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deposit ledger entry")
        verbose_name_plural = _("deposit ledger entries")
        ordering = ["lease", "on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="depositledgerentry_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.lease_id} {self.get_kind_display()} {format_won(self.amount)}"


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_3", _("Three days before the due date")
    AFTER_DUE = "after_1", _("The day after the due date")
    LATE = "after_14", _("Fourteen days after the due date")


# Days from the due date at which each reminder goes out.
REMINDER_OFFSETS = {ReminderKind.BEFORE_DUE: -3, ReminderKind.AFTER_DUE: 1, ReminderKind.LATE: 14}


class InvoiceReminder(models.Model):
    """A payment reminder that went out; the unique pair makes each kind go out once per invoice."""

    invoice = models.ForeignKey(Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["invoice", "kind"], name="invoicereminder_once")]

    def __str__(self) -> str:
        return f"{self.invoice_id} {self.kind}"


# Late charges and deemed rent (billing/models_late.py), declared here so that Django finds them.
from .models_late import (  # noqa: E402, F401
    DeemedRentRate,
    LateCharge,
    LateChargeBand,
    LateChargeDay,
    LateChargePolicy,
)
