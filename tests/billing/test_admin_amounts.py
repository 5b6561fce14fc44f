"""Won amounts in the billing admin carry thousands separators, in Korean and in English: the invoice
page (amounts, lines, payments), the lists of payments, account credits and deposits, the monthly
report and the credit-note confirmation. The CSV export stays plain numbers."""

import datetime

import pytest
from django.conf import settings

from billing import services
from billing.models import AccountCredit, DepositLedgerEntry
from tests.factories import BankBuildingFactory, BillingLeaseFactory, FloorFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


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
