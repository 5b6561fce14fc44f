"""Refunds: a second staff member approves; paid from account credit or the deposit (a ledger entry);
an unmatched deposit returned; the tenant sees the refund and the virtual account on the billing page."""

import datetime as dt

import pytest

from billing import services as billing
from billing.models import DepositEntryKind, DepositLedgerEntry
from portal.exceptions import DomainError, PermissionRefused
from receipts import services
from receipts.models import RefundSource
from receipts.workflow import RefundStatus, TransactionStatus
from tests.factories import MembershipFactory, StaffFactory

from .helpers import deposit_in, lease_with_invoices, virtual_account_for

pytestmark = pytest.mark.django_db
FULL = 1_016_400
ACCOUNT = {"bank": "국민은행", "account_number": "123-45-678901", "account_holder_name": "양재에이아이"}


def _overpaid_lease():
    lease, (invoice,) = lease_with_invoices((2026, 11))
    account = virtual_account_for(lease)
    deposit_in(FULL + 50_000, "양재에이아이", virtual_account=account.number)
    assert billing.company_credit_balance(company_id=lease.company_id) == 50_000
    return lease


def test_a_refund_needs_a_second_staff_member_and_then_debits_the_account_credit():
    first, second = StaffFactory(), StaffFactory()
    lease = _overpaid_lease()
    refund = services.refund_request(source=RefundSource.ACCOUNT_CREDIT, amount=50_000, company=lease.company,
                                     reason="입주기업 요청", actor=first, **ACCOUNT)

    with pytest.raises(PermissionRefused) as refused:
        services.refund_approve(refund=refund, actor=first)
    assert refused.value.code == "same_staff"
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REQUESTED

    refund = services.refund_approve(refund=refund, actor=second)
    assert (refund.status, refund.approved_by) == (RefundStatus.APPROVED, second)
    refund = services.refund_pay(refund=refund, actor=first, paid_on=dt.date(2026, 12, 3))

    assert refund.status == RefundStatus.PAID
    assert billing.company_credit_balance(company_id=lease.company_id) == 0
    assert list(refund.transitions.values_list("to_status", "actor")) == [
        ("requested", first.pk), ("approved", second.pk), ("paid", first.pk)]


def test_a_refund_beyond_the_credit_is_refused():
    lease = _overpaid_lease()
    with pytest.raises(DomainError) as refused:
        services.refund_request(source=RefundSource.ACCOUNT_CREDIT, amount=50_001, company=lease.company,
                                reason="요청", actor=StaffFactory(), **ACCOUNT)
    assert refused.value.field == "amount"


def test_a_refund_of_the_deposit_is_recorded_in_the_deposit_ledger():
    first, second = StaffFactory(), StaffFactory()
    lease, _invoices = lease_with_invoices((2026, 11))
    billing.deposit_entry_record(lease=lease, kind=DepositEntryKind.RECEIVED, amount=2_000_000,
                                 on=dt.date(2026, 1, 1))
    refund = services.refund_request(source=RefundSource.DEPOSIT, amount=2_000_000, lease=lease,
                                     reason="계약 종료", actor=first, **ACCOUNT)
    assert refund.company == lease.company
    services.refund_pay(refund=services.refund_approve(refund=refund, actor=second), actor=second,
                        paid_on=dt.date(2026, 12, 3))

    entry = DepositLedgerEntry.objects.get(kind=DepositEntryKind.RETURNED)
    assert (entry.lease, entry.amount, entry.on) == (lease, 2_000_000, dt.date(2026, 12, 3))
    assert billing.deposit_balance(lease_id=lease.pk) == 0


def test_an_unmatched_deposit_marked_for_return_goes_back_to_the_queue_when_rejected():
    first, second = StaffFactory(), StaffFactory()
    tx = deposit_in(77_000, "모르는사람")
    refund = services.transaction_mark_refund(transaction_id=tx.pk, actor=first, reason="착오 송금",
                                              bank="우리은행", account_number="1002-111-222333",
                                              account_holder_name="")
    tx.refresh_from_db()
    assert tx.status == TransactionStatus.REFUND and refund.amount == 77_000
    assert refund.account_holder_name == "모르는사람"

    services.refund_reject(refund=refund, actor=second, reason="계좌 확인 필요")

    tx.refresh_from_db()
    assert tx.status == TransactionStatus.UNMATCHED


def test_the_tenant_sees_its_virtual_account_and_its_refund_on_the_billing_page(client):
    first, second = StaffFactory(), StaffFactory()
    lease = _overpaid_lease()
    account = services.virtual_account_assign(lease_id=lease.pk).account
    refund = services.refund_request(source=RefundSource.ACCOUNT_CREDIT, amount=50_000, company=lease.company,
                                     reason="입주기업 요청", actor=first, **ACCOUNT)
    member = MembershipFactory(company=lease.company, role="member").user
    client.force_login(member)

    html = client.get(f"/billing/{lease.company_id}/").content.decode()
    assert account.number in html and "50,000" in html
    assert "검토 중" in html

    services.refund_pay(refund=services.refund_approve(refund=refund, actor=second), actor=first,
                        paid_on=dt.date(2026, 12, 3))
    html = client.get(f"/billing/{lease.company_id}/").content.decode()
    assert "송금 완료" in html and "2026년 12월 3일 (목)" in html

    other = MembershipFactory(role="member").user
    client.force_login(other)
    assert client.get(f"/billing/{lease.company_id}/").status_code == 404
