"""Many payments at once (the matched deposits of a bank file): the rules of `payment_record` and
`invoice_settle`, in a few statements whatever the number — the invoices locked and read with their amounts
in one query per thousand, the payments, their overpayments' account credits, the status changes through the
invoice workflow (`transition_apply_many`). A refusal of any payment raises and nothing is written."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from portal.exceptions import DomainError
from portal.workflow import transition_apply_many

from ..models import AccountCredit, Invoice, InvoiceKind, InvoiceStatus, Payment, PaymentMethod
from ..selectors import invoices_with_amounts
from ..workflow import INVOICE_WORKFLOW
from .payments import payment_period_check

CHUNK = 1000


@dataclass(frozen=True)
class PaymentEntry:
    invoice_id: int
    paid_on: dt.date
    amount: int
    method: str = PaymentMethod.TRANSFER
    reference: str = ""


def _locked_with_amounts(ids: list[int]) -> dict[int, Invoice]:
    invoices = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        list(Invoice.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk", flat=True))
        invoices.update((i.pk, i) for i in invoices_with_amounts(Invoice.objects.filter(pk__in=chunk)))
    return invoices


def _check(entry: PaymentEntry, invoice: Invoice | None, today: dt.date) -> None:
    if entry.method == PaymentMethod.ACCOUNT_CREDIT:
        raise ValueError("payments from account credit are recorded one by one (payment_record)")
    if invoice is None or invoice.kind != InvoiceKind.INVOICE:
        raise DomainError(_("Payments are recorded against invoices, not credit notes."), code="kind")
    if invoice.status == InvoiceStatus.CANCELLED:
        raise DomainError(_("This invoice was cancelled by a credit note."), code="status")
    if entry.amount is None or entry.amount <= 0:
        raise DomainError(_("Enter an amount of at least 1 won."), code="amount")
    if entry.paid_on > today:
        raise DomainError(_("The payment date cannot be in the future."), code="paid_on")


def _settled_status(invoice: Invoice, *, due: int, applied: int, today: dt.date) -> str:
    if due <= 0:
        return InvoiceStatus.CANCELLED
    if applied >= due:
        return InvoiceStatus.PAID
    if today > invoice.due_on:
        return InvoiceStatus.OVERDUE
    return InvoiceStatus.PARTLY_PAID if applied > 0 else InvoiceStatus.ISSUED


@transaction.atomic
def payments_record_bulk(*, entries: list[PaymentEntry], actor=None, today: dt.date | None = None) -> list[Payment]:
    """Record `entries` in their order (each invoice's outstanding amount following from one to the next) and
    return their payments in the same order. None of them may be dated in a closed month (bank matches of a
    closed month are staff's adjustments, one at a time)."""
    today = today or timezone.localdate()
    for paid_on in sorted({entry.paid_on for entry in entries}):
        payment_period_check(paid_on=paid_on)
    invoices = _locked_with_amounts(sorted({entry.invoice_id for entry in entries}))
    outstanding = {pk: invoice.outstanding_amount for pk, invoice in invoices.items()}
    paid_now: dict[int, int] = defaultdict(int)
    payments, overpaid = [], []
    for entry in entries:
        invoice = invoices.get(entry.invoice_id)
        _check(entry, invoice, today)
        over = entry.amount - max(outstanding[invoice.pk], 0)
        overpaid.append(max(over, 0))
        outstanding[invoice.pk] -= entry.amount
        paid_now[invoice.pk] += entry.amount
        payments.append(Payment(invoice=invoice, paid_on=entry.paid_on, amount=entry.amount, method=entry.method,
                                reference=entry.reference.strip(), recorded_by=actor))
    payments = bulk_create_with_history(payments, Payment, batch_size=500, default_user=actor)
    AccountCredit.objects.bulk_create([
        AccountCredit(company_id=payment.invoice.company_id, amount=over, payment=payment, invoice=payment.invoice,
                      created_by=actor, note=_("Overpayment of %(number)s") % {"number": payment.invoice.number})
        for payment, over in zip(payments, overpaid, strict=True) if over > 0], batch_size=1000)

    moves: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for pk in paid_now:
        invoice = invoices[pk]
        due = invoice.total - invoice.credited_amount
        target = _settled_status(invoice, due=due, applied=due - max(outstanding[pk], 0), today=today)
        if target == invoice.status:
            continue
        name = next((t.name for t in INVOICE_WORKFLOW.transitions.values()
                     if t.target == target and invoice.status in t.sources), "")
        moves[(name, target == InvoiceStatus.OVERDUE)].append(pk)
    for (name, by_portal), pks in moves.items():
        transition_apply_many(
            workflow=INVOICE_WORKFLOW, pks=pks, name=name, actor=None if by_portal else actor,
            reason=lambda row: _("Payment of %(amount)s won") % {"amount": f"{paid_now[row.pk]:,}"})
    return payments
