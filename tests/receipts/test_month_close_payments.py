"""A closed month holds its payments as well as its bank matches: a payment staff type in the invoice's admin
(or that a service records) dated in a closed month is refused beside its date unless recorded as an
adjustment with a reason; the month's report counts every payment of the month, typed or matched."""

import datetime as dt

import pytest

from billing import services as billing
from billing.models import InvoiceStatus, Payment
from portal.exceptions import DomainError
from receipts import services
from receipts.models import Adjustment
from tests.admin_forms import inline_management_data
from tests.factories import StaffFactory

from .helpers import deposit_in, lease_with_invoices

pytestmark = pytest.mark.django_db
FULL = 1_016_400
DECEMBER = dt.date(2026, 12, 2)
LATE_NOVEMBER = dt.date(2026, 11, 25)


def _payment_row(paid_on: dt.date, amount: int, reason: str = "") -> dict:
    return {"payments-0-paid_on": paid_on.isoformat(), "payments-0-amount": str(amount),
            "payments-0-method": "transfer", "payments-0-reference": "창구 입금",
            "payments-0-adjustment_reason": reason}


def test_staff_typing_a_payment_of_a_closed_month_see_the_refusal_beside_the_date_then_record_an_adjustment(client):
    staff = StaffFactory()
    client.force_login(staff)
    _lease, (invoice,) = lease_with_invoices((2026, 11))
    services.month_close(year=2026, month=11, actor=staff, today=DECEMBER)
    url = f"/admin/billing/invoice/{invoice.pk}/change/"

    refused = client.post(url, {**inline_management_data(client.get(url)), **_payment_row(LATE_NOVEMBER, 500_000)})

    assert refused.status_code == 200
    errors = refused.context["inline_admin_formsets"][1].formset.errors[0]
    assert set(errors) == {"paid_on"}
    assert "2026-11" in errors["paid_on"][0] and "조정" in errors["paid_on"][0]  # Korean, the staff's language
    assert 'value="500000"' in refused.content.decode()  # what staff typed is kept
    assert not Payment.objects.exists()

    client.post(url, {**inline_management_data(client.get(url)),
                      **_payment_row(LATE_NOVEMBER, 500_000, "11월 창구 수납 누락분")})

    payment = Payment.objects.get()
    adjustment = Adjustment.objects.get()
    assert (adjustment.closed_month.month, adjustment.action, adjustment.invoice, adjustment.payment,
            adjustment.amount, adjustment.reason, adjustment.created_by) == (
        11, "payment", invoice, payment, 500_000, "11월 창구 수납 누락분", staff)
    assert billing.invoice_amounts(invoice)["outstanding"] == FULL - 500_000
    closed_page = client.get(f"/admin/receipts/collectionmonth/{adjustment.closed_month.pk}/change/")
    assert "11월 창구 수납 누락분" in closed_page.content.decode()

    report = client.get("/admin/receipts/collectionmonth/report/", {"month": "2026-11"})
    rows = {str(label): value for label, value in report.context["report"]["rows"]}
    assert rows["청구서 수납액"] == "500,000원" or rows["청구서 수납액"].startswith("500,000")


def test_a_payment_of_an_open_month_needs_no_reason_in_the_admin(staff_client):
    _lease, (invoice,) = lease_with_invoices((2026, 11))
    url = f"/admin/billing/invoice/{invoice.pk}/change/"

    staff_client.post(url, {**inline_management_data(staff_client.get(url)), **_payment_row(LATE_NOVEMBER, 16_400)})

    assert Payment.objects.get().amount == 16_400
    assert not Adjustment.objects.exists()


def test_the_service_refuses_a_payment_of_a_closed_month_without_a_reason_and_keeps_the_trail_with_one():
    staff = StaffFactory()
    _lease, (invoice,) = lease_with_invoices((2026, 11))
    services.month_close(year=2026, month=11, actor=staff, today=DECEMBER)

    for reason in ("", "   "):
        with pytest.raises(DomainError) as refused:
            billing.payment_record(invoice=invoice, paid_on=LATE_NOVEMBER, amount=FULL, actor=staff, today=DECEMBER,
                                   adjustment_reason=reason)
        assert (refused.value.code, refused.value.field) == ("month_closed", "paid_on")
    assert not Payment.objects.exists()

    billing.payment_record(invoice=invoice, paid_on=LATE_NOVEMBER, amount=FULL + 3_600, actor=staff, today=DECEMBER,
                           adjustment_reason="지로 수납 통보 지연")

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    change = invoice.status_changes.order_by("at", "pk").last()
    assert (change.to_status, change.actor) == (InvoiceStatus.PAID, staff)
    adjustment = Adjustment.objects.get()
    assert (adjustment.action, adjustment.amount, adjustment.reason) == ("payment", FULL + 3_600, "지로 수납 통보 지연")
    report = services.month_report(year=2026, month=11)
    assert (report["collected"], report["to_account_credit"]) == (FULL, 3_600)  # the overpayment is kept as credit


def test_a_payment_of_the_next_open_month_is_not_held_by_the_closed_one():
    staff = StaffFactory()
    _lease, (invoice,) = lease_with_invoices((2026, 11))
    services.month_close(year=2026, month=11, actor=staff, today=DECEMBER)

    billing.payment_record(invoice=invoice, paid_on=DECEMBER, amount=FULL, actor=staff, today=DECEMBER)

    assert not Adjustment.objects.exists()
    assert services.month_report(year=2026, month=12)["collected"] == FULL
    assert services.month_report(year=2026, month=11)["collected"] == 0


def test_the_month_report_counts_typed_payments_beside_bank_matches():
    _lease, (invoice,) = lease_with_invoices((2026, 11), company__name_ko="양재에이아이")
    _other, (second,) = lease_with_invoices((2026, 11))
    deposit_in(FULL, "양재에이아이")
    billing.payment_record(invoice=second, paid_on=LATE_NOVEMBER, amount=400_000, today=DECEMBER)

    report = services.month_report(year=2026, month=11)

    assert (report["deposits"], report["collected"]) == (FULL, FULL + 400_000)


def test_a_deposit_assigned_as_an_adjustment_of_a_closed_month_is_one_adjustment_with_its_payment():
    staff = StaffFactory()
    _lease, (invoice,) = lease_with_invoices((2026, 11))
    services.month_close(year=2026, month=11, actor=staff, today=DECEMBER)
    tx = deposit_in(FULL, "모르는이름", today=DECEMBER)

    services.transaction_assign(transaction_id=tx.pk, actor=staff, invoice_id=invoice.pk, reason="대표자 개인 명의",
                                adjust=True, today=DECEMBER)

    assert Payment.objects.get().invoice == invoice
    assert list(Adjustment.objects.values_list("action", "transaction", "reason")) == [
        ("assign", tx.pk, "대표자 개인 명의")]


def test_bulk_payments_refuse_a_closed_month_and_write_nothing():
    staff = StaffFactory()
    _lease, (invoice,) = lease_with_invoices((2026, 11))
    services.month_close(year=2026, month=11, actor=staff, today=DECEMBER)
    entries = [billing.PaymentEntry(invoice_id=invoice.pk, paid_on=DECEMBER, amount=1_000),
               billing.PaymentEntry(invoice_id=invoice.pk, paid_on=LATE_NOVEMBER, amount=1_000)]

    with pytest.raises(DomainError) as refused:
        billing.payments_record_bulk(entries=entries, today=DECEMBER)

    assert refused.value.code == "month_closed"
    assert not Payment.objects.exists()
