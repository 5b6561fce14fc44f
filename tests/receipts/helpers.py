"""Shared makers of collections' tests: leases with invoices, virtual accounts, deposits in."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from billing import services as billing
from receipts import services
from receipts.models import TransactionSource, VirtualAccount
from receipts.statements import Row, fingerprint
from tests.factories import BillingLeaseFactory

ACCOUNT = "1002-345-678901"
NOVEMBER = dt.date(2026, 11, 1)
_balance = itertools.count(10_000_000, 1)
_numbers = itertools.count(1)


def lease_with_invoices(*months: tuple[int, int], **lease_kwargs):
    """A 33-pyeong lease (1,016,400 won a full month) and its invoices of the given months."""
    lease = BillingLeaseFactory(**lease_kwargs)
    invoices = [billing.invoice_issue_for_lease(lease_id=lease.pk, year=y, month=m, today=dt.date(y, m, 1))
                for y, m in months]
    return lease, invoices


def virtual_account_for(lease, number: str | None = None):
    number = number or f"5620{next(_numbers):010d}"
    VirtualAccount.objects.create(bank="신한은행", number=number, holder="서초구청 양재AI특구")
    return services.virtual_account_assign(lease_id=lease.pk).account


def row(amount: int, depositor: str, *, virtual_account: str = "", when: dt.datetime | None = None,
        withdrawal: int = 0, balance: int | None = None) -> Row:
    when = when or timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0, 0))
    balance = next(_balance) if balance is None else balance
    result = Row(line=1, occurred_at=when, deposit=amount, withdrawal=withdrawal, balance=balance,
                 depositor_name=depositor, description="", virtual_account_number=virtual_account)
    result.fingerprint = fingerprint(account_number=ACCOUNT, occurred_at=when, deposit=amount, withdrawal=withdrawal,
                                     balance=balance)
    return result


def deposit_in(amount: int, depositor: str, *, today: dt.date = dt.date(2026, 11, 20), **kwargs):
    """One deposit through the pipeline and the matching; returns the transaction."""
    statement = services.statement_ingest(source=TransactionSource.FILE, account_number=ACCOUNT,
                                          rows=[row(amount, depositor, **kwargs)])
    services.transactions_match(transaction_ids=list(statement.transactions.values_list("pk", flat=True)),
                                today=today)
    return statement.transactions.get()
