"""A whole bank file matched at once: each deposit sees what the earlier ones of the file paid, the file is
matched in the same number of statements whatever its size, and a deposit billing refuses stays for staff
while the rest of the file is matched."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing.models import AccountCredit, InvoiceStatus
from receipts import services
from receipts.models import BankTransaction, MatchRule, TransactionSource
from receipts.workflow import TransactionStatus

from .helpers import ACCOUNT, lease_with_invoices, row, virtual_account_for

pytestmark = pytest.mark.django_db
FULL = 1_016_400
TODAY = dt.date(2026, 11, 20)


def _at(day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 11, day, hour, 0, 0))


def _ingest(rows):
    statement = services.statement_ingest(source=TransactionSource.FILE, account_number=ACCOUNT, rows=rows)
    return statement, list(statement.transactions.order_by("occurred_at").values_list("pk", flat=True))


def _file_of(count: int, name: str):
    """`count` leases with October and November invoices; per lease a deposit of a month into its virtual
    account (October) and one by name (November); and one deposit nobody owes."""
    rows = []
    for n in range(count):
        lease, _invoices = lease_with_invoices((2026, 10), (2026, 11), company__name_ko=f"{name}{n:03d}")
        rows.append(row(FULL, "김철수", virtual_account=virtual_account_for(lease).number, when=_at(3, 9)))
        rows.append(row(FULL, f"(주){name}{n:03d}", when=_at(4, 9)))
    rows.append(row(77_000, "모르는 사람", when=_at(5)))
    return rows


def _queries_to_match(count: int, name: str) -> tuple[int, int]:
    _statement, pks = _ingest(_file_of(count, name))
    with CaptureQueriesContext(connection) as queries:
        matched = services.transactions_match(transaction_ids=pks, today=TODAY)
    return matched, len(queries)


def test_a_file_is_matched_in_the_same_number_of_statements_whatever_its_size():
    small_matched, small = _queries_to_match(2, "작은기업")
    large_matched, large = _queries_to_match(12, "큰기업")
    assert (small_matched, large_matched) == (2 * 2, 2 * 12)
    assert large == small
    assert not services.transactions_match(today=TODAY), "what is left is the deposits nobody owes"


def test_deposits_of_one_file_see_what_the_earlier_ones_paid():
    lease, (october, november) = lease_with_invoices((2026, 10), (2026, 11), company__name_ko="양재에이아이")
    account = virtual_account_for(lease)
    _statement, pks = _ingest([
        row(FULL, "양재에이아이", when=_at(2)),  # by name: October, the oldest of that amount
        row(FULL, "㈜양재에이아이", when=_at(3)),  # by name: November, October being paid
        row(300_000, "홍길동", virtual_account=account.number, when=_at(4)),  # nothing left due: account credit
    ])

    assert services.transactions_match(transaction_ids=pks, today=TODAY) == 3

    first, second, third = (BankTransaction.objects.get(pk=pk) for pk in pks)
    assert first.allocations.get().invoice_id == october.pk and second.allocations.get().invoice_id == november.pk
    october.refresh_from_db(), november.refresh_from_db()
    assert october.status == november.status == InvoiceStatus.PAID
    (credit,) = third.allocations.all()
    assert credit.invoice_id is None and credit.amount == 300_000 and credit.rule == MatchRule.VIRTUAL_ACCOUNT
    assert AccountCredit.objects.get(pk=credit.credit_id).amount == 300_000
    assert list(november.status_changes.values_list("to_status", flat=True)) == ["issued", "paid"]
    assert all(tx.status == TransactionStatus.MATCHED and tx.company_id == lease.company_id
               for tx in (first, second, third))


def test_a_deposit_billing_refuses_stays_for_staff_and_the_rest_of_the_file_is_matched():
    lease, (november,) = lease_with_invoices((2026, 11), company__name_ko="양재에이아이")
    other, (others,) = lease_with_invoices((2026, 11), company__name_ko="말결")
    _statement, pks = _ingest([
        row(FULL, "양재에이아이", when=_at(19)),
        row(FULL, "말결", when=_at(21)),  # dated after the day the file is matched on: billing refuses it
    ])

    assert services.transactions_match(transaction_ids=pks, today=TODAY) == 1

    paid, refused = (BankTransaction.objects.get(pk=pk) for pk in pks)
    assert paid.status == TransactionStatus.MATCHED and refused.status == TransactionStatus.UNMATCHED
    november.refresh_from_db(), others.refresh_from_db()
    assert (november.status, others.status) == (InvoiceStatus.PAID, InvoiceStatus.ISSUED)
    assert not refused.allocations.exists()
