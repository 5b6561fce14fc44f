"""The two writes that collections (the receipts app) needs from billing beyond `payment_record`:
account credit that no invoice's payment created, and the reversal of a payment a bank match made."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from portal.exceptions import DomainError

from ..models import AccountCredit, Invoice, Payment
from .payments import company_credit_balance, invoice_settle


@transaction.atomic
def account_credit_add(*, company_id: int, amount: int, note: str, actor=None) -> AccountCredit:
    """Credit (+) or debit (−) the company's account; a debit never takes the balance below zero."""
    from tenants.models import Company

    Company.objects.select_for_update().get(pk=company_id)
    if amount == 0:
        raise DomainError(_("Enter an amount other than zero."), code="amount")
    if amount < 0 and company_credit_balance(company_id=company_id) + amount < 0:
        raise DomainError(_("The company's account credit is only %(balance)s won.")
                          % {"balance": f"{company_credit_balance(company_id=company_id):,}"}, code="amount")
    return AccountCredit.objects.create(company_id=company_id, amount=amount, note=note[:300], created_by=actor)


@transaction.atomic
def account_credits_add_bulk(*, entries: list[tuple[int, int, str]], actor=None) -> list[AccountCredit]:
    """Credit many companies' accounts at once: (company id, amount above zero, note) each, the companies
    locked as `account_credit_add` locks one."""
    from tenants.models import Company

    if any(amount <= 0 for _company, amount, _note in entries):
        raise DomainError(_("Enter an amount other than zero."), code="amount")
    list(Company.objects.select_for_update().filter(pk__in={company for company, _a, _n in entries})
         .order_by("pk").values_list("pk", flat=True))
    return AccountCredit.objects.bulk_create([
        AccountCredit(company_id=company, amount=amount, note=note[:300], created_by=actor)
        for company, amount, note in entries], batch_size=1000)


@transaction.atomic
def payment_reverse(*, payment_id: int, reason: str, actor=None, today: dt.date | None = None) -> Invoice:
    """Take back a payment recorded by mistake (a bank deposit matched to the wrong invoice): the payment
    and the account credit it created go (their history keeps them, with the reason), the invoice's
    status follows. Refused when that credit has been used since."""
    payment = Payment.objects.select_related("invoice").get(pk=payment_id)
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."), code="reason")
    credited = AccountCredit.objects.filter(payment=payment).aggregate(s=Sum("amount"))["s"] or 0
    if credited > 0 and company_credit_balance(company_id=invoice.company_id) < credited:
        raise DomainError(_("The overpayment of this payment has been used as account credit since."),
                          code="credit_used")
    for credit in AccountCredit.objects.filter(payment=payment):
        credit.delete()
    payment._change_reason = reason[:100]
    payment.delete()
    return invoice_settle(invoice=invoice, actor=actor, reason=reason, today=today)
