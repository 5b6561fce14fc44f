"""Refunds: requested by one staff member, approved by another, recorded as transferred. Paid from the
company's account credit, from the lease's deposit (a "returned" entry in the deposit ledger), or an
unmatched deposit sent back to whoever made it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from portal.workflow import status_change_record, transition_apply

from ..models import BankTransaction, Refund, RefundSource
from ..statements import digits
from ..workflow import REFUND_WORKFLOW, TRANSACTION_WORKFLOW, RefundStatus, TransactionStatus
from .transactions import _adjustment


def refund_check(*, source: str, amount: int | None, company=None, lease=None, transaction_id=None) -> None:
    """The rules of a refund request (forms call it to show the message beside the field)."""
    from billing.models import DepositEntryKind
    from billing.services import company_credit_balance, deposit_entry_check

    if amount is None or amount <= 0:
        raise DomainError(_("Enter an amount of at least 1 won."), code="amount", field="amount")
    if source == RefundSource.ACCOUNT_CREDIT:
        if company is None:
            raise DomainError(_("Choose the company."), code="company", field="company")
        balance = company_credit_balance(company_id=company.pk)
        if amount > balance:
            raise DomainError(_("The company's account credit is only %(balance)s won.") % {"balance": f"{balance:,}"},
                              code="amount", field="amount")
    elif source == RefundSource.DEPOSIT:
        if lease is None:
            raise DomainError(_("Choose the lease whose deposit is refunded."), code="lease", field="lease")
        try:
            deposit_entry_check(lease_id=lease.pk, kind=DepositEntryKind.RETURNED, amount=amount, note="")
        except DomainError as error:
            raise DomainError(error.message, code=error.code, field="amount") from error
    elif source == RefundSource.TRANSACTION and transaction_id is None:
        raise DomainError(_("Choose the deposit to return."), code="transaction", field="transaction")


@transaction.atomic
def refund_request(*, source: str, amount: int, bank: str, account_number: str, account_holder_name: str,
                   reason: str, actor, company=None, lease=None) -> Refund:
    from portal.workflow import require_district_staff

    require_district_staff(actor)
    if lease is not None and company is None:
        company = lease.company
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the refund."), code="reason", field="reason")
    if not digits(account_number):
        raise DomainError(_("Enter the account number to transfer to."), code="account_number",
                          field="account_number")
    refund_check(source=source, amount=amount, company=company, lease=lease)
    refund = Refund.objects.create(company=company, lease=lease, source=source, amount=amount,
                                   bank=bank.strip(), account_number=account_number.strip(),
                                   account_holder_name=account_holder_name.strip(), reason=reason.strip(),
                                   requested_by=actor)
    status_change_record(instance=refund, to_status=RefundStatus.REQUESTED, actor=actor, reason=refund.reason)
    return refund


@transaction.atomic
def transaction_mark_refund(*, transaction_id: int, actor, bank: str, account_number: str,
                            account_holder_name: str, reason: str, adjust: bool = False) -> Refund:
    """An unmatched deposit nobody owes: it goes back to the sender, as a refund to approve."""
    tx = BankTransaction.objects.select_for_update().get(pk=transaction_id)
    _adjustment(tx, action="mark_refund", reason=reason, actor=actor, adjust=adjust)
    transition_apply(workflow=TRANSACTION_WORKFLOW, instance=tx, name="mark_refund", actor=actor, reason=reason)
    refund = Refund.objects.create(transaction=tx, source=RefundSource.TRANSACTION, amount=tx.deposit,
                                   bank=bank.strip(), account_number=account_number.strip(),
                                   account_holder_name=(account_holder_name or tx.depositor_name).strip(),
                                   reason=reason.strip(), requested_by=actor)
    status_change_record(instance=refund, to_status=RefundStatus.REQUESTED, actor=actor, reason=refund.reason)
    return refund


def refund_approve(*, refund: Refund, actor, reason: str = "") -> Refund:
    """By a staff member other than the one who requested it (the workflow's check)."""
    return transition_apply(workflow=REFUND_WORKFLOW, instance=refund, name="approve", actor=actor, reason=reason,
                            changes={"approved_by": actor})


@transaction.atomic
def refund_pay(*, refund: Refund, actor, reason: str = "", paid_on: dt.date | None = None) -> Refund:
    """Record the transfer: the account credit is debited, or the deposit ledger records the return."""
    from billing.models import DepositEntryKind
    from billing.services import account_credit_add, deposit_entry_record

    paid_on = paid_on or timezone.localdate()
    locked = Refund.objects.select_for_update().get(pk=refund.pk)
    refund = transition_apply(workflow=REFUND_WORKFLOW, instance=locked, name="pay", actor=actor, reason=reason,
                              changes={"paid_on": paid_on})
    note = _("Refund %(id)s: %(reason)s") % {"id": refund.pk, "reason": refund.reason}
    if refund.source == RefundSource.ACCOUNT_CREDIT:
        account_credit_add(company_id=refund.company_id, amount=-refund.amount, note=note, actor=actor)
    elif refund.source == RefundSource.DEPOSIT:
        deposit_entry_record(lease=refund.lease, kind=DepositEntryKind.RETURNED, amount=refund.amount, on=paid_on,
                             note=note[:300], actor=actor)
    return refund


@transaction.atomic
def _refund_close(*, refund: Refund, actor, reason: str, name: str) -> Refund:
    refund = transition_apply(workflow=REFUND_WORKFLOW, instance=refund, name=name, actor=actor, reason=reason)
    if refund.transaction_id:
        tx = BankTransaction.objects.get(pk=refund.transaction_id)
        if tx.status == TransactionStatus.REFUND:
            transition_apply(workflow=TRANSACTION_WORKFLOW, instance=tx, name="unmark_refund", actor=actor,
                             reason=reason)
    return refund


def refund_reject(*, refund: Refund, actor, reason: str = "") -> Refund:
    return _refund_close(refund=refund, actor=actor, reason=reason, name="reject")


def refund_cancel(*, refund: Refund, actor, reason: str = "") -> Refund:
    return _refund_close(refund=refund, actor=actor, reason=reason, name="cancel")
