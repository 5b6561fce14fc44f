"""Many payments at once (payments_record_bulk, the matched deposits of a bank file): the same payments,
statuses, account credit and audit trail as the same payments recorded one at a time with payment_record;
a refusal of any entry writes nothing."""

import datetime as dt

import pytest

from billing import services
from billing.models import AccountCredit, InvoiceStatus, Payment, PaymentMethod
from portal.exceptions import DomainError
from tests.factories import BillingLeaseFactory, StaffFactory

pytestmark = pytest.mark.django_db
ISSUED = dt.date(2026, 12, 1)
PAID_ON = dt.date(2026, 12, 10)
FULL = 1_016_400
# Per invoice: what is paid on it (in order), and the status it ends in.
CASES = [
    ([500_000], InvoiceStatus.PARTLY_PAID),
    ([FULL], InvoiceStatus.PAID),
    ([FULL + 5_000], InvoiceStatus.PAID),  # 5,000 won beyond what was due: account credit
]


def _invoices(count: int):
    return [services.invoice_issue_for_lease(lease_id=BillingLeaseFactory().pk, year=2026, month=12, today=ISSUED)
            for _ in range(count)]


def _trail(invoices) -> list:
    """What staff read of each invoice: its status, payments, account credit and status log."""
    result = []
    for invoice in invoices:
        invoice.refresh_from_db()
        payments = Payment.objects.filter(invoice=invoice).order_by("pk")
        result.append((
            invoice.status,
            [(p.amount, p.paid_on, p.method, p.reference, p.recorded_by_id) for p in payments],
            [(h.history_type, h.amount, h.history_user_id) for p in payments for h in p.history.all()],
            [(amount, note.replace(invoice.number, "<number>"), by) for amount, note, by in
             AccountCredit.objects.filter(invoice=invoice).values_list("amount", "note", "created_by")],
            list(invoice.status_changes.order_by("at", "pk").values_list(
                "name", "from_status", "to_status", "actor", "actor_kind", "reason")),
        ))
    return result


def test_bulk_gives_the_same_payments_statuses_and_trail_as_one_payment_at_a_time():
    staff = StaffFactory()
    one_by_one, bulk = _invoices(len(CASES)), _invoices(len(CASES))

    for invoice, (amounts, _status) in zip(one_by_one, CASES, strict=True):
        for amount in amounts:
            services.payment_record(invoice=invoice, paid_on=PAID_ON, amount=amount, method=PaymentMethod.TRANSFER,
                                    reference="BANK-1", actor=staff, today=PAID_ON)
    payments = services.payments_record_bulk(entries=[
        services.PaymentEntry(invoice_id=invoice.pk, paid_on=PAID_ON, amount=amount, reference="BANK-1")
        for invoice, (amounts, _status) in zip(bulk, CASES, strict=True) for amount in amounts],
        actor=staff, today=PAID_ON)

    assert [p.amount for p in payments] == [a for amounts, _s in CASES for a in amounts]  # in the entries' order
    assert _trail(bulk) == _trail(one_by_one)
    assert [row[0] for row in _trail(bulk)] == [status for _amounts, status in CASES]
    assert services.company_credit_balance(company_id=bulk[2].company_id) == 5_000


def test_an_invoice_paid_twice_in_one_batch_settles_once_on_what_the_batch_paid():
    staff = StaffFactory()
    (invoice,) = _invoices(1)

    services.payments_record_bulk(entries=[
        services.PaymentEntry(invoice_id=invoice.pk, paid_on=PAID_ON, amount=600_000),
        services.PaymentEntry(invoice_id=invoice.pk, paid_on=PAID_ON, amount=FULL - 600_000 + 1_000),
    ], actor=staff, today=PAID_ON)

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert services.invoice_amounts(invoice)["outstanding"] == 0
    assert list(AccountCredit.objects.filter(invoice=invoice).values_list("amount", flat=True)) == [1_000]
    assert list(invoice.status_changes.filter(from_status=InvoiceStatus.ISSUED).values_list(
        "to_status", "actor", "reason")) == [(InvoiceStatus.PAID, staff.pk, "1,017,400원 납부")]


def test_a_payment_after_the_due_date_that_leaves_some_outstanding_is_overdue_by_the_portal_in_both_paths():
    staff = StaffFactory()
    one, other = _invoices(2)
    late = one.due_on + dt.timedelta(days=3)

    services.payment_record(invoice=one, paid_on=late, amount=100_000, actor=staff, today=late)
    services.payments_record_bulk(entries=[services.PaymentEntry(invoice_id=other.pk, paid_on=late, amount=100_000)],
                                  actor=staff, today=late)

    assert _trail([other]) == _trail([one])
    assert _trail([other])[0][0] == InvoiceStatus.OVERDUE
    assert list(other.status_changes.filter(to_status=InvoiceStatus.OVERDUE).values_list("actor", flat=True)) == [
        None]


@pytest.mark.parametrize(("amount", "paid_on", "code"), [
    (0, PAID_ON, "amount"),
    (1_000, PAID_ON + dt.timedelta(days=1), "paid_on"),
])
def test_one_refused_entry_writes_nothing_of_the_batch(amount, paid_on, code):
    good, bad = _invoices(2)

    with pytest.raises(DomainError) as refused:
        services.payments_record_bulk(entries=[
            services.PaymentEntry(invoice_id=good.pk, paid_on=PAID_ON, amount=FULL),
            services.PaymentEntry(invoice_id=bad.pk, paid_on=paid_on, amount=amount),
        ], today=PAID_ON)

    assert refused.value.code == code
    assert not Payment.objects.exists() and not AccountCredit.objects.exists()
    good.refresh_from_db()
    assert good.status == InvoiceStatus.ISSUED and not good.status_changes.exclude(from_status="").exists()


def test_a_cancelled_invoice_in_the_batch_is_refused():
    good, cancelled = _invoices(2)
    services.credit_note_issue(invoice=cancelled, reason="계약 해지", today=ISSUED)

    with pytest.raises(DomainError) as refused:
        services.payments_record_bulk(entries=[
            services.PaymentEntry(invoice_id=good.pk, paid_on=PAID_ON, amount=FULL),
            services.PaymentEntry(invoice_id=cancelled.pk, paid_on=PAID_ON, amount=FULL),
        ], today=PAID_ON)

    assert refused.value.code == "status"
    assert not Payment.objects.exists()
