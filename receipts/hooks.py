"""What collections adds to billing (registered in ReceiptsConfig.ready through billing.hooks): the lease's
virtual account on the bill and the billing page, the company's refunds, and the month close that payments
dated in a closed month meet (refused unless recorded as an adjustment of that month)."""

from __future__ import annotations

import datetime as dt

from . import selectors
from .models import Adjustment, CollectionMonth
from .workflow import REFUND_WORKFLOW


def payment_account_for_lease(lease_id: int) -> dict | None:
    assignment = selectors.virtual_account_for_lease(lease_id=lease_id)
    if assignment is None:
        return None
    account = assignment.account
    return {"bank": account.bank, "account": account.number, "holder": account.holder}


def company_page_section(request, company) -> dict | None:
    accounts = selectors.virtual_accounts_for_company(company_id=company.pk)
    refunds = selectors.refunds_for_company(company_id=company.pk)
    if not accounts and not refunds:
        return None
    for refund in refunds:
        refund.public_status = REFUND_WORKFLOW.state(refund.status).public_label
    return {"template": "receipts/_billing_section.html", "virtual_accounts": accounts, "refunds": refunds}


def closed_period(paid_on: dt.date) -> str | None:
    closed = CollectionMonth.objects.filter(year=paid_on.year, month=paid_on.month).first()
    return str(closed) if closed else None


def payment_adjustment_record(payment, reason: str, actor) -> None:
    """The adjustment entry of a payment dated in a closed month. A payment of a bank deposit that staff
    assigned as an adjustment is part of the deposit's own adjustment entry, not a second one."""
    closed = CollectionMonth.objects.get(year=payment.paid_on.year, month=payment.paid_on.month)
    bank, _dash, tx_id = payment.reference.partition("-")
    if bank == "BANK" and tx_id.isdigit() and Adjustment.objects.filter(
            closed_month=closed, transaction_id=int(tx_id), action="assign").exists():
        return
    Adjustment.objects.create(closed_month=closed, invoice_id=payment.invoice_id, payment=payment, action="payment",
                              amount=payment.amount, reason=reason, created_by=actor)
