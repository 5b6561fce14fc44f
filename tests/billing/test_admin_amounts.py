"""Won amounts in the billing admin carry thousands separators, in Korean and in English: the invoice
page (amounts, lines, payments), the lists of payments, account credits and deposits, the monthly
report and the credit-note confirmation. The CSV export stays plain numbers."""

import datetime

import pytest
from django.conf import settings

from billing import selectors, services
from billing.models import AccountCredit, DepositLedgerEntry, Invoice
from tests.factories import BankBuildingFactory, BillingLeaseFactory, FloorFactory, UnitFactory
from tests.privacy.reasons import remember_reason

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def invoice():
    """33 pyeong at 20,000 + 8,000 won: supply 924,000, VAT 92,400, total 1,016,400."""
    floor = FloorFactory(building=BankBuildingFactory())
    lease = BillingLeaseFactory(unit=UnitFactory(floor=floor))
    return services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=TODAY)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_invoice_page_shows_amounts_lines_and_payments_with_separators(staff_client, invoice):
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=1_016_400, today=TODAY)
    url = f"/admin/billing/invoice/{invoice.pk}/change/"
    html = staff_client.get(url).content.decode()
    for figure in ["924,000", "92,400", "1,016,400", "660,000", "264,000", "20,000", "8,000"]:
        assert figure in html, figure
    for raw in ["924000", "92400", "1016400", "660000", "264000"]:
        assert raw not in html, raw
    assert "1,016,400원" in html  # paid, under a label that does not say won
    html = _english(staff_client).get(url).content.decode()
    assert "₩1,016,400" in html and "1016400" not in html


def test_the_lists_of_payments_credits_and_deposits_show_separators(staff_client, invoice):
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=1_100_700, today=TODAY)
    entry = services.deposit_entry_record(lease=invoice.lease, kind="received", amount=2_016_000, on=TODAY)
    assert AccountCredit.objects.get().amount == 84_300
    pages = {
        "/admin/billing/payment/": "1,100,700",
        "/admin/billing/accountcredit/": "84,300",
        "/admin/billing/depositledgerentry/": "2,016,000",
        f"/admin/billing/depositledgerentry/{entry.pk}/change/": "2,016,000",
    }
    for language in ["ko", "en"]:
        staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url, figure in pages.items():
            html = staff_client.get(url).content.decode()
            assert figure in html, (language, url)
            assert figure.replace(",", "") not in html, (language, url)
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    html = staff_client.get(f"/admin/billing/depositledgerentry/{entry.pk}/change/").content.decode()
    title = str(DepositLedgerEntry.objects.get())
    assert title.endswith("2,016,000원") and title in html


def test_the_report_page_shows_separators_while_the_csv_stays_numeric(staff_client, invoice):
    remember_reason(staff_client)  # the reason page is tested in tests/privacy
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=500_000, today=TODAY)
    html = staff_client.get("/admin/billing/invoice/report/", {"month": "2026-12"}).content.decode()
    for figure in ["1,016,400", "500,000", "924,000", "92,400", "516,400"]:
        assert figure in html, figure
    for raw in ["1016400", "500000", "924000", "516400"]:
        assert raw not in html, raw
    html = _english(staff_client).get("/admin/billing/invoice/report/", {"month": "2026-12"}).content.decode()
    assert "₩1,016,400" in html and "1016400" not in html
    csv_text = staff_client.get("/admin/billing/invoice/report.csv", {"month": "2026-12"}).content.decode()
    assert ",1016400,500000,516400," in csv_text


def test_the_credit_note_confirmation_shows_the_total_with_separators(staff_client, invoice):
    form = {"action": "issue_credit_notes", "_selected_action": [invoice.pk]}
    html = staff_client.post("/admin/billing/invoice/", form).content.decode()
    assert f"{invoice.number} · {invoice.company_name} · 1,016,400원" in html
    html = _english(staff_client).post("/admin/billing/invoice/", form).content.decode()
    assert "₩1,016,400" in html and "1016400" not in html


def _credit(invoice, **kwargs):
    return services.credit_note_issue(invoice=invoice, reason="면적 오기", today=TODAY, **kwargs)


def test_a_credit_note_on_a_paid_invoice_keeps_the_payment_paid_and_moves_the_excess_to_account_credit(
    staff_client, invoice
):
    """Total 1,016,400 paid in full by 1,100,000 (83,600 overpaid → account credit at once), then a credit
    note for all of it: the invoice still shows 1,016,400 paid, the account holds 83,600 + 1,016,400 =
    1,100,000, and December has collected 1,016,400 against 0 billed."""
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=1_100_000, today=TODAY)
    _credit(invoice)
    invoice.refresh_from_db()
    amounts = services.invoice_amounts(invoice)
    assert (invoice.status, amounts["paid"], amounts["due"], amounts["outstanding"]) == ("cancelled", 1_016_400, 0, 0)
    assert services.company_credit_balance(company_id=invoice.company_id) == 1_100_000
    row = selectors.invoices_with_amounts(Invoice.objects.filter(pk=invoice.pk)).get()
    assert (row.paid_amount, row.outstanding_amount) == (1_016_400, 0)
    assert selectors.billed_vs_collected() == [{"year": 2026, "month": 12, "billed": 0, "collected": 1_016_400}]
    page = staff_client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert "1,016,400원" in page  # paid
    report = staff_client.get("/admin/billing/invoice/report/", {"month": "2026-12"}).content.decode()
    assert "<td>1,016,400원</td><td>1,016,400원</td>" in report  # total, paid
    assert "<td>2026-12</td><td>0</td><td>1,016,400</td>" in report  # billed, collected


def test_a_partial_credit_note_on_a_paid_invoice_moves_only_the_credited_part_to_account_credit(invoice):
    """Paid 1,016,400; a credit of 100,000 supply + 10,000 VAT leaves 906,400 due: 110,000 goes to the
    account, 1,016,400 stays paid, nothing is outstanding and the invoice stays paid."""
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=1_016_400, today=TODAY)
    _credit(invoice, supply=100_000)
    invoice.refresh_from_db()
    amounts = services.invoice_amounts(invoice)
    assert (invoice.status, amounts["paid"], amounts["due"], amounts["outstanding"]) == ("paid", 1_016_400,
                                                                                          906_400, 0)
    assert services.company_credit_balance(company_id=invoice.company_id) == 110_000
    row = selectors.invoices_with_amounts(Invoice.objects.filter(pk=invoice.pk)).get()
    assert (row.paid_amount, row.credited_amount, row.outstanding_amount) == (1_016_400, 110_000, 0)
    assert selectors.billed_vs_collected()[-1]["collected"] == 1_016_400
    moved = AccountCredit.objects.get(invoice=invoice)
    assert (moved.amount, moved.payment_id) == (110_000, None) and invoice.number in moved.note


def test_a_credit_note_on_a_partly_paid_invoice_keeps_what_was_paid(invoice):
    """Paid 500,000 of 1,016,400, then credited in full: 500,000 stays paid and goes to the account."""
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=500_000, today=TODAY)
    _credit(invoice)
    assert services.invoice_amounts(invoice)["paid"] == 500_000
    assert services.company_credit_balance(company_id=invoice.company_id) == 500_000
    assert selectors.invoices_with_amounts(Invoice.objects.filter(pk=invoice.pk)).get().paid_amount == 500_000
