"""Payments, account credits, invoice status from what was paid and credited, overdue marking,
payment reminders and the deposit ledger."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError

from .. import hooks, notifications
from ..models import (
    OPEN_STATUSES,
    REMINDER_OFFSETS,
    AccountCredit,
    DepositEntryKind,
    DepositLedgerEntry,
    Invoice,
    InvoiceKind,
    InvoiceReminder,
    InvoiceStatus,
    Payment,
    PaymentMethod,
    ReminderKind,
)
from .invoices import invoice_status_set


def invoice_amounts(invoice: Invoice) -> dict:
    """What is due after credit notes, what has been applied from payments, and what is outstanding."""
    credited = -(invoice.credit_notes.aggregate(total=Sum("total"))["total"] or 0)
    payments = invoice.payments.aggregate(total=Sum("amount"))["total"] or 0
    moved = AccountCredit.objects.filter(invoice=invoice, amount__gt=0).aggregate(
        overpaid=Sum("amount", filter=Q(payment__isnull=False)), released=Sum("amount", filter=Q(payment__isnull=True)))
    # Overpaid: the part of a payment beyond what was outstanding, never paid on this invoice.
    # Released: money paid on this invoice that a later credit note left beyond what is due; it stays
    # paid here and is held on the company's account.
    overpaid, released = moved["overpaid"] or 0, moved["released"] or 0
    due = invoice.total - credited
    paid = payments - overpaid
    applied = paid - released
    return {"credited": credited, "payments": payments, "paid": paid, "to_account": overpaid + released,
            "released": released, "due": due, "applied": applied, "outstanding": due - applied}


def company_credit_balance(*, company_id: int) -> int:
    return AccountCredit.objects.filter(company_id=company_id).aggregate(total=Sum("amount"))["total"] or 0


def invoice_settle(*, invoice: Invoice, actor=None, reason: str = "", today: dt.date | None = None) -> Invoice:
    """Set the status from the amounts (caller holds the invoice's row lock). Money applied beyond
    what is due (after a credit note) moves to the company's account credit."""
    today = today or timezone.localdate()
    amounts = invoice_amounts(invoice)
    excess = amounts["applied"] - max(amounts["due"], 0)
    if excess > 0:
        AccountCredit.objects.create(company_id=invoice.company_id, amount=excess, invoice=invoice,
                                     created_by=actor, note=_("Paid beyond the amount due on %(number)s")
                                     % {"number": invoice.number})
        amounts["applied"] -= excess
        amounts["outstanding"] += excess
    if amounts["due"] <= 0:
        status = InvoiceStatus.CANCELLED
    elif amounts["applied"] >= amounts["due"]:
        status = InvoiceStatus.PAID
    elif today > invoice.due_on:
        status = InvoiceStatus.OVERDUE
    elif amounts["applied"] > 0:
        status = InvoiceStatus.PARTLY_PAID
    else:
        status = InvoiceStatus.ISSUED
    return invoice_status_set(invoice=invoice, to_status=status, actor=actor, reason=reason)


def payment_period_check(*, paid_on: dt.date, adjustment_reason: str = "") -> str | None:
    """Refuse a payment dated in a closed month (collections' month close) unless it is recorded as an
    adjustment with its reason; returns the closed month's name, or None while the month is open."""
    closed = hooks.closed_period(paid_on)
    if closed and not (adjustment_reason or "").strip():
        raise DomainError(_("The month %(month)s is closed: record this payment as an adjustment and give the "
                            "reason.") % {"month": closed}, code="month_closed", field="paid_on")
    return closed


@transaction.atomic
def payment_record(
    *, invoice: Invoice, paid_on: dt.date, amount: int, method: str = PaymentMethod.TRANSFER,
    reference: str = "", actor=None, today: dt.date | None = None, adjustment_reason: str = "",
) -> Payment:
    """Record a payment of an invoice; the status follows (issued → partly paid → paid). What is
    paid beyond the outstanding amount becomes a credit on the company's account. A payment dated in a
    closed month needs `adjustment_reason`, kept with its adjustment entry there."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.kind != InvoiceKind.INVOICE:
        raise DomainError(_("Payments are recorded against invoices, not credit notes."), code="kind")
    if invoice.status == InvoiceStatus.CANCELLED:
        raise DomainError(_("This invoice was cancelled by a credit note."), code="status")
    if amount is None or amount <= 0:
        raise DomainError(_("Enter an amount of at least 1 won."), code="amount")
    today = today or timezone.localdate()
    if paid_on > today:
        raise DomainError(_("The payment date cannot be in the future."), code="paid_on")
    closed = payment_period_check(paid_on=paid_on, adjustment_reason=adjustment_reason)
    if method == PaymentMethod.ACCOUNT_CREDIT:
        balance = company_credit_balance(company_id=invoice.company_id)
        if amount > balance:
            raise DomainError(_("The company's account credit is only %(balance)s won.")
                              % {"balance": f"{balance:,}"}, code="amount")
    outstanding = invoice_amounts(invoice)["outstanding"]
    payment = Payment(invoice=invoice, paid_on=paid_on, amount=amount, method=method, reference=reference.strip(),
                      recorded_by=actor)
    payment._history_user = actor  # the history names who recorded it, in a request or not (as in bulk)
    payment.save(force_insert=True)
    if closed:
        hooks.payment_adjusted(payment, adjustment_reason.strip(), actor)
    if method == PaymentMethod.ACCOUNT_CREDIT:
        AccountCredit.objects.create(company_id=invoice.company_id, amount=-amount, payment=payment,
                                     created_by=actor, note=_("Used for %(number)s") % {"number": invoice.number})
    overpaid = amount - max(outstanding, 0)
    if overpaid > 0:
        AccountCredit.objects.create(company_id=invoice.company_id, amount=overpaid, payment=payment,
                                     invoice=invoice, created_by=actor,
                                     note=_("Overpayment of %(number)s") % {"number": invoice.number})
    invoice_settle(invoice=invoice, actor=actor, today=today,
                   reason=_("Payment of %(amount)s won") % {"amount": f"{amount:,}"})
    return payment


def invoices_mark_overdue(*, today: dt.date | None = None) -> int:
    """Mark open invoices whose due date has passed as overdue. Returns how many changed."""
    today = today or timezone.localdate()
    ids = list(Invoice.objects.filter(kind=InvoiceKind.INVOICE, status__in=[InvoiceStatus.ISSUED,
                                      InvoiceStatus.PARTLY_PAID], due_on__lt=today).values_list("pk", flat=True))
    changed = 0
    for pk in ids:
        with transaction.atomic():
            invoice = Invoice.objects.select_for_update().get(pk=pk)
            if invoice.status in (InvoiceStatus.ISSUED, InvoiceStatus.PARTLY_PAID) and invoice.due_on < today:
                invoice_status_set(invoice=invoice, to_status=InvoiceStatus.OVERDUE,
                                   reason=_("The due date has passed."))
                changed += 1
    return changed


def _reminder_kind_for(days_from_due: int) -> str | None:
    """The reminder whose day has been reached and whose successor's has not (so a missed day is
    caught up, but a late first look sends only the latest reminder)."""
    ordered = sorted(REMINDER_OFFSETS.items(), key=lambda item: item[1])
    current = None
    for kind, offset in ordered:
        if days_from_due >= offset:
            current = kind
    if current is None:
        return None
    if current == ReminderKind.BEFORE_DUE and days_from_due > 0:
        return None
    if current == ReminderKind.LATE and days_from_due > REMINDER_OFFSETS[ReminderKind.LATE] + 14:
        return None
    return current


def invoice_reminders_send(*, today: dt.date | None = None) -> int:
    """The daily run: mark overdue invoices, then send each due reminder once. Returns reminders sent."""
    today = today or timezone.localdate()
    invoices_mark_overdue(today=today)
    window_start = today - dt.timedelta(days=REMINDER_OFFSETS[ReminderKind.LATE] + 14)
    window_end = today - dt.timedelta(days=REMINDER_OFFSETS[ReminderKind.BEFORE_DUE])
    candidates = Invoice.objects.filter(
        kind=InvoiceKind.INVOICE, status__in=OPEN_STATUSES, due_on__gte=window_start, due_on__lte=window_end,
    ).values_list("pk", "due_on")
    sent = 0
    for pk, due_on in candidates:
        kind = _reminder_kind_for((today - due_on).days)
        if kind is not None:
            sent += _reminder_send(invoice_id=pk, kind=kind, today=today)
    return sent


@transaction.atomic
def _reminder_send(*, invoice_id: int, kind: str, today: dt.date) -> int:
    invoice = Invoice.objects.select_for_update().select_related("company").get(pk=invoice_id)
    if invoice.status not in OPEN_STATUSES:
        return 0
    _reminder, created = InvoiceReminder.objects.get_or_create(invoice=invoice, kind=kind)
    if not created:
        return 0
    notifications.invoice_reminder(invoice=invoice, kind=kind, outstanding=invoice_amounts(invoice)["outstanding"],
                                   days=abs((today - invoice.due_on).days))
    return 1


def deposit_balance(*, lease_id: int) -> int:
    totals = dict(DepositLedgerEntry.objects.filter(lease_id=lease_id).order_by().values("kind").annotate(
        total=Sum("amount")).values_list("kind", "total"))
    return (totals.get(DepositEntryKind.RECEIVED, 0) - totals.get(DepositEntryKind.DEDUCTION, 0)
            - totals.get(DepositEntryKind.RETURNED, 0))


def deposit_entry_check(*, lease_id: int, kind: str, amount: int | None, note: str) -> None:
    """The rules of a deposit entry (forms call it to show the message beside the field)."""
    if amount is None or amount <= 0:
        raise DomainError(_("Enter an amount of at least 1 won."), code="amount")
    if kind == DepositEntryKind.DEDUCTION and not note.strip():
        raise DomainError(_("Give the reason for the deduction."), code="note")
    if kind in (DepositEntryKind.DEDUCTION, DepositEntryKind.RETURNED):
        held = deposit_balance(lease_id=lease_id)
        if amount > held:
            raise DomainError(_("Only %(held)s won of the deposit is held.") % {"held": f"{held:,}"}, code="amount")


@transaction.atomic
def deposit_entry_record(*, lease, kind: str, amount: int, on: dt.date, note: str = "", actor=None
                         ) -> DepositLedgerEntry:
    """Record a deposit received, a deduction (with its reason) or the return at the lease's end.
    Deductions and returns never exceed what is held."""
    from tenants.models import Lease

    lease = Lease.objects.select_for_update(of=("self",)).get(pk=lease.pk)
    deposit_entry_check(lease_id=lease.pk, kind=kind, amount=amount, note=note)
    return DepositLedgerEntry.objects.create(lease=lease, kind=kind, amount=amount, on=on, note=note.strip(),
                                             recorded_by=actor)
