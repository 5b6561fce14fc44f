"""Matching deposits to what is due: by virtual account, by exact amount and depositor name, split over
two invoices, part of one, unmatched and assigned by staff; undo with a reason; a closed month."""

import datetime as dt

import pytest

from billing import services as billing
from billing.models import InvoiceStatus, Payment, PaymentMethod
from portal.exceptions import DomainError
from receipts import services
from receipts.models import Adjustment, MatchRule
from receipts.workflow import TransactionStatus
from tests.factories import StaffFactory

from .helpers import NOVEMBER, deposit_in, lease_with_invoices, virtual_account_for

pytestmark = pytest.mark.django_db
FULL = 1_016_400
TODAY = dt.date(2026, 11, 20)


def _status(invoice):
    invoice.refresh_from_db()
    return invoice.status


def test_a_deposit_into_the_leases_virtual_account_pays_its_invoice_whatever_the_name():
    lease, (invoice,) = lease_with_invoices((2026, 11))
    account = virtual_account_for(lease)

    tx = deposit_in(FULL, "김철수", virtual_account=account.number)

    assert tx.status == TransactionStatus.MATCHED and tx.company_id == lease.company_id
    assert _status(invoice) == InvoiceStatus.PAID
    (allocation,) = tx.allocations.all()
    assert allocation.rule == MatchRule.VIRTUAL_ACCOUNT and allocation.confirmed_by is None
    assert allocation.payment.method == PaymentMethod.VIRTUAL_ACCOUNT and allocation.payment.amount == FULL
    assert list(tx.transitions.values_list("from_status", "to_status", "actor_kind")) == [
        ("", "unmatched", "system"), ("unmatched", "matched", "system")]
    assert list(invoice.status_changes.values_list("to_status", flat=True)) == ["issued", "paid"]


def test_a_deposit_with_the_companys_name_and_the_exact_amount_pays_the_oldest_such_invoice():
    lease, (october, november) = lease_with_invoices((2026, 10), (2026, 11), company__name_ko="양재에이아이")

    tx = deposit_in(FULL, "(주)양재에이아이")

    assert tx.status == TransactionStatus.MATCHED
    assert tx.allocations.get().rule == MatchRule.AMOUNT_AND_NAME
    assert _status(october) == InvoiceStatus.PAID and _status(november) == InvoiceStatus.ISSUED


def test_a_deposit_of_two_months_by_name_is_split_over_the_two_invoices():
    lease, (october, november) = lease_with_invoices((2026, 10), (2026, 11), company__name_ko="양재에이아이")

    tx = deposit_in(2 * FULL, "양재에이아이")

    assert sorted(tx.allocations.values_list("invoice_id", "amount")) == [(october.pk, FULL), (november.pk, FULL)]
    assert _status(october) == InvoiceStatus.PAID and _status(november) == InvoiceStatus.PAID


def test_a_deposit_by_name_of_another_amount_waits_for_staff():
    lease_with_invoices((2026, 11), company__name_ko="양재에이아이")

    tx = deposit_in(FULL - 1, "양재에이아이")

    assert tx.status == TransactionStatus.UNMATCHED and not tx.allocations.exists()


def test_part_of_an_invoice_paid_into_the_virtual_account_leaves_the_rest_outstanding():
    lease, (invoice,) = lease_with_invoices((2026, 11))
    account = virtual_account_for(lease)

    deposit_in(500_000, "김철수", virtual_account=account.number)

    assert _status(invoice) == InvoiceStatus.PARTLY_PAID
    assert billing.invoice_amounts(invoice)["outstanding"] == FULL - 500_000


def test_more_than_is_due_into_the_virtual_account_becomes_account_credit():
    lease, (invoice,) = lease_with_invoices((2026, 11))
    account = virtual_account_for(lease)

    tx = deposit_in(FULL + 83_600, "김철수", virtual_account=account.number)

    assert _status(invoice) == InvoiceStatus.PAID
    assert billing.company_credit_balance(company_id=lease.company_id) == 83_600
    assert sorted(tx.allocations.values_list("amount", flat=True)) == [83_600, FULL]


def test_an_unknown_deposit_waits_then_staff_assign_it_and_the_name_is_remembered():
    staff = StaffFactory()
    lease, (october, november) = lease_with_invoices((2026, 10), (2026, 11), company__name_ko="양재에이아이")
    tx = deposit_in(FULL, "홍길동")
    assert tx.status == TransactionStatus.UNMATCHED

    services.transaction_assign(transaction_id=tx.pk, actor=staff, invoice_id=november.pk, remember_name=True,
                                today=TODAY)

    tx.refresh_from_db()
    allocation = tx.allocations.get()
    assert (allocation.rule, allocation.confirmed_by, allocation.invoice_id) == (
        MatchRule.STAFF_INVOICE, staff, november.pk)
    assert _status(november) == InvoiceStatus.PAID and _status(october) == InvoiceStatus.ISSUED
    assert tx.transitions.last().actor == staff
    later = deposit_in(FULL, "홍길동", today=TODAY)
    assert later.status == TransactionStatus.MATCHED and _status(october) == InvoiceStatus.PAID


def test_staff_assign_to_a_company_pays_its_oldest_invoice_first():
    staff = StaffFactory()
    lease, (october, november) = lease_with_invoices((2026, 10), (2026, 11))
    tx = deposit_in(FULL + 10, "누군가")

    services.transaction_assign(transaction_id=tx.pk, actor=staff, company_id=lease.company_id, today=TODAY)

    assert _status(october) == InvoiceStatus.PAID and _status(november) == InvoiceStatus.PARTLY_PAID
    assert MatchRule.STAFF_COMPANY in tx.allocations.values_list("rule", flat=True)


def test_undo_needs_a_reason_and_takes_the_payment_back():
    staff = StaffFactory()
    lease, (invoice,) = lease_with_invoices((2026, 11))
    account = virtual_account_for(lease)
    tx = deposit_in(FULL + 5_000, "김철수", virtual_account=account.number)

    with pytest.raises(DomainError):
        services.transaction_undo(transaction_id=tx.pk, actor=staff, reason=" ", today=TODAY)
    services.transaction_undo(transaction_id=tx.pk, actor=staff, reason="다른 회사의 입금", today=TODAY)

    tx.refresh_from_db()
    assert tx.status == TransactionStatus.UNMATCHED and tx.company_id is None
    assert _status(invoice) == InvoiceStatus.ISSUED
    assert not Payment.objects.filter(invoice=invoice).exists()
    assert billing.company_credit_balance(company_id=lease.company_id) == 0
    assert set(tx.allocations.values_list("undone_by", "undo_reason")) == {(staff.pk, "다른 회사의 입금")}
    assert tx.transitions.last().reason == "다른 회사의 입금"


def test_a_closed_month_refuses_an_undo_except_as_an_adjustment_with_a_reason():
    staff = StaffFactory()
    lease, (invoice,) = lease_with_invoices((2026, 11))
    account = virtual_account_for(lease)
    tx = deposit_in(FULL, "김철수", virtual_account=account.number)
    closed = services.month_close(year=2026, month=11, actor=staff, today=dt.date(2026, 12, 2))
    assert closed.figures["collected"] == FULL and closed.figures["unmatched"] == 0

    with pytest.raises(DomainError) as refused:
        services.transaction_undo(transaction_id=tx.pk, actor=staff, reason="잘못 연결", today=TODAY)
    assert refused.value.code == "month_closed"
    assert _status(invoice) == InvoiceStatus.PAID
    with pytest.raises(DomainError):
        services.month_close(year=2026, month=11, actor=staff, today=dt.date(2026, 12, 2))

    services.transaction_undo(transaction_id=tx.pk, actor=staff, reason="잘못 연결", adjust=True, today=TODAY)

    adjustment = Adjustment.objects.get()
    assert (adjustment.closed_month, adjustment.action, adjustment.reason, adjustment.created_by) == (
        closed, "undo", "잘못 연결", staff)
    assert _status(invoice) == InvoiceStatus.ISSUED


def test_a_deposit_of_a_closed_month_is_not_matched_by_the_portal():
    staff = StaffFactory()
    lease, _invoices = lease_with_invoices((2026, 11))
    account = virtual_account_for(lease)
    services.month_close(year=2026, month=11, actor=staff, today=dt.date(2026, 12, 2))

    tx = deposit_in(FULL, "김철수", virtual_account=account.number)

    assert tx.status == TransactionStatus.UNMATCHED


def test_a_month_is_closed_only_once_it_is_over():
    with pytest.raises(DomainError):
        services.month_close(year=2026, month=11, actor=StaffFactory(), today=NOVEMBER)
