"""Payments and arrears: partial and full payment, overpayment to account credit, overdue marking,
reminders each sent once, the deposit ledger."""

import datetime

import pytest
from django.core import mail

from billing import services
from billing.models import AccountCredit, InvoiceReminder, InvoiceStatus, PaymentMethod
from notifications.models import Notification
from portal.exceptions import DomainError
from tests.factories import BillingLeaseFactory, MembershipFactory, StaffFactory

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2026, 12, 1)


@pytest.fixture
def invoice():
    lease = BillingLeaseFactory(company__billing_contact_email="finance@example.kr")
    return services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=ISSUED)


def _pay(invoice, amount, **kwargs):
    kwargs.setdefault("paid_on", datetime.date(2026, 12, 10))
    kwargs.setdefault("today", datetime.date(2026, 12, 10))
    return services.payment_record(invoice=invoice, amount=amount, **kwargs)


def test_partial_then_full_payment_moves_the_status_and_logs_who(invoice):
    staff = StaffFactory()
    _pay(invoice, 500_000, actor=staff, reference="입금 1")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PARTLY_PAID
    assert services.invoice_amounts(invoice)["outstanding"] == 516_400
    _pay(invoice, 516_400, actor=staff)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    changes = list(invoice.status_changes.values_list("from_status", "to_status", "actor"))
    assert changes == [("", "issued", None), ("issued", "partly_paid", staff.pk), ("partly_paid", "paid", staff.pk)]
    assert invoice.history.count() >= 3


def test_an_overpayment_becomes_account_credit_usable_on_the_next_invoice(invoice):
    _pay(invoice, 1_100_000)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert services.company_credit_balance(company_id=invoice.company_id) == 83_600
    assert services.invoice_amounts(invoice)["outstanding"] == 0
    january = services.invoice_issue_for_lease(lease_id=invoice.lease_id, year=2027, month=1, today=ISSUED)
    with pytest.raises(DomainError):
        _pay(january, 90_000, method=PaymentMethod.ACCOUNT_CREDIT, today=datetime.date(2027, 1, 2),
             paid_on=datetime.date(2027, 1, 2))
    _pay(january, 83_600, method=PaymentMethod.ACCOUNT_CREDIT, today=datetime.date(2027, 1, 2),
         paid_on=datetime.date(2027, 1, 2))
    assert services.company_credit_balance(company_id=invoice.company_id) == 0
    january.refresh_from_db()
    assert january.status == InvoiceStatus.PARTLY_PAID


def test_bad_payments_are_refused(invoice):
    with pytest.raises(DomainError):
        _pay(invoice, 0)
    with pytest.raises(DomainError):
        _pay(invoice, 10, paid_on=datetime.date(2026, 12, 11))
    services.credit_note_issue(invoice=invoice, reason="취소", today=ISSUED)
    with pytest.raises(DomainError):
        _pay(invoice, 10)


def test_a_credit_note_after_payment_moves_the_money_to_account_credit(invoice):
    _pay(invoice, 1_016_400)
    services.credit_note_issue(invoice=invoice, reason="중복 청구", today=ISSUED)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.CANCELLED
    assert services.company_credit_balance(company_id=invoice.company_id) == 1_016_400
    assert AccountCredit.objects.filter(invoice=invoice).count() == 1


def test_invoices_past_due_become_overdue_and_payment_settles_them(invoice):
    assert services.invoices_mark_overdue(today=datetime.date(2026, 12, 25)) == 0
    assert services.invoices_mark_overdue(today=datetime.date(2026, 12, 26)) == 1
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.OVERDUE
    _pay(invoice, 1_016_400, paid_on=datetime.date(2026, 12, 27), today=datetime.date(2026, 12, 27))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_reminders_go_out_three_days_before_the_day_after_and_fourteen_days_after_once_each(
    invoice, django_capture_on_commit_callbacks
):
    owner = MembershipFactory(company=invoice.company, role="owner").user
    days = [datetime.date(2026, 12, 1) + datetime.timedelta(days=n) for n in range(45)]
    sent_on = {}
    for day in days:
        for _repeat in range(2):  # the daily task may run twice
            with django_capture_on_commit_callbacks(execute=True):
                if services.invoice_reminders_send(today=day):
                    sent_on.setdefault(day, 0)
                    sent_on[day] += 1
    assert sent_on == {datetime.date(2026, 12, 22): 1, datetime.date(2026, 12, 26): 1, datetime.date(2027, 1, 8): 1}
    assert sorted(InvoiceReminder.objects.values_list("kind", flat=True)) == ["after_1", "after_14", "before_3"]
    assert [m.to for m in mail.outbox] == [["finance@example.kr"]] * 3
    assert all("INV-2026-12-0001" in m.subject for m in mail.outbox)
    assert Notification.objects.filter(recipient=owner, template="billing/reminder").count() == 3


def test_a_paid_invoice_gets_no_reminder(invoice):
    _pay(invoice, 1_016_400)
    for n in range(40):
        services.invoice_reminders_send(today=datetime.date(2026, 12, 10) + datetime.timedelta(days=n))
    assert not InvoiceReminder.objects.exists()


def test_a_reminder_first_seen_late_sends_only_the_latest():
    lease = BillingLeaseFactory()
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=ISSUED)
    services.invoice_reminders_send(today=datetime.date(2027, 1, 10))
    assert list(InvoiceReminder.objects.filter(invoice=invoice).values_list("kind", flat=True)) == ["after_14"]


def test_the_deposit_ledger_holds_received_deductions_and_return():
    lease = BillingLeaseFactory(deposit=3_000_000)
    day = datetime.date(2027, 12, 31)
    services.deposit_entry_record(lease=lease, kind="received", amount=3_000_000, on=datetime.date(2026, 1, 1))
    with pytest.raises(DomainError):
        services.deposit_entry_record(lease=lease, kind="deduction", amount=200_000, on=day)  # no reason
    services.deposit_entry_record(lease=lease, kind="deduction", amount=200_000, on=day, note="원상복구 비용")
    with pytest.raises(DomainError):
        services.deposit_entry_record(lease=lease, kind="returned", amount=3_000_000, on=day)
    services.deposit_entry_record(lease=lease, kind="returned", amount=2_800_000, on=day)
    assert services.deposit_balance(lease_id=lease.pk) == 0
