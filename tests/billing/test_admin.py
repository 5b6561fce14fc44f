"""Staff in the admin: the invoice list (amounts, constant queries), the read-only invoice with its
payments added inline, credit notes with a reason, the month's run and its progress, the monthly
report (CSV, XLSX) and the billed-versus-collected chart, the deposit ledger."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from billing import services
from billing.models import BillingRun, DepositLedgerEntry, Invoice, InvoiceStatus, Payment
from tests.admin_forms import inline_management_data
from tests.factories import BankBuildingFactory, BillingLeaseFactory, FloorFactory, UnitFactory
from tests.privacy.reasons import remember_reason

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def _invoices(count: int, month: int = 12):
    floor = FloorFactory(building=BankBuildingFactory())
    return [services.invoice_issue_for_lease(lease_id=BillingLeaseFactory(unit=UnitFactory(floor=floor)).pk,
                                             year=2026, month=month, today=TODAY) for _ in range(count)]


def test_the_invoice_list_shows_amounts_paid_and_outstanding(staff_client):
    invoice = _invoices(1)[0]
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=16_400, today=TODAY)
    response = staff_client.get("/admin/billing/invoice/")
    html = response.content.decode()
    assert response.status_code == 200
    assert invoice.number in html and invoice.business_registration_number in html
    for figure in ["1,016,400", "16,400", "1,000,000"]:  # total, paid, outstanding
        assert figure in html, figure
    # Supply value and VAT are on the invoice's own page, so that the list fits 1280 px.
    change = staff_client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert "924,000" in change and "92,400" in change
    assert staff_client.get("/admin/billing/invoice/", {"q": invoice.company_name}).context["cl"].result_count == 1
    assert staff_client.get("/admin/billing/invoice/", {"status__exact": "paid"}).context["cl"].result_count == 0


def test_the_invoice_list_query_count_stays_the_same_as_rows_grow(staff_client, django_assert_num_queries):
    _invoices(2)
    staff_client.get("/admin/billing/invoice/")
    with django_assert_num_queries(13) as small:
        staff_client.get("/admin/billing/invoice/")
    _invoices(10, month=11)
    with django_assert_num_queries(len(small.captured_queries)):
        response = staff_client.get("/admin/billing/invoice/")
    assert response.context["cl"].result_count == 12


def test_the_invoice_page_is_read_only_and_a_payment_is_added_inline(staff_client):
    invoice = _invoices(1)[0]
    url = f"/admin/billing/invoice/{invoice.pk}/change/"
    response = staff_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "임대료" in html and "관리비" in html and 'name="total"' not in html
    data = {**inline_management_data(response), "payments-0-paid_on": timezone.localdate().isoformat(),
            "payments-0-amount": "500000",
            "payments-0-method": "transfer", "payments-0-reference": "신한 0001", "total": "1"}
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    payment = Payment.objects.get()
    assert (payment.amount, payment.reference, payment.recorded_by.is_staff) == (500_000, "신한 0001", True)
    invoice.refresh_from_db()
    assert (invoice.total, invoice.status) == (1_016_400, InvoiceStatus.PARTLY_PAID)


def test_a_payment_with_a_bad_amount_is_refused_beside_the_field(staff_client):
    invoice = _invoices(1)[0]
    url = f"/admin/billing/invoice/{invoice.pk}/change/"
    data = {**inline_management_data(staff_client.get(url)), "payments-0-paid_on": "2999-01-01",
            "payments-0-amount": "0", "payments-0-method": "transfer", "payments-0-reference": "x"}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][1].formset.errors[0]
    assert set(errors) == {"paid_on", "amount"}
    assert not Payment.objects.exists()


def test_the_credit_note_action_asks_for_a_reason_then_issues(staff_client):
    invoice = _invoices(1)[0]
    form = {"action": "issue_credit_notes", "_selected_action": [invoice.pk]}
    response = staff_client.post("/admin/billing/invoice/", form)
    assert response.status_code == 200 and "admin/billing/invoice/credit_note.html" in [t.name for t in
                                                                                       response.templates]
    response = staff_client.post("/admin/billing/invoice/", {**form, "apply": "1", "reason": ""})
    assert response.context["form"].errors and not Invoice.objects.filter(kind="credit_note").exists()
    staff_client.post("/admin/billing/invoice/", {**form, "apply": "1", "reason": "면적 오기"}, follow=True)
    note = Invoice.objects.get(kind="credit_note")
    assert (note.refers_to, note.reason, note.total) == (invoice, "면적 오기", -1_016_400)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.CANCELLED
    change = invoice.status_changes.last()
    assert change.actor.is_staff and change.to_status == "cancelled"


def test_staff_start_the_months_run_and_watch_its_progress(staff_client, django_capture_on_commit_callbacks):
    floor = FloorFactory(building=BankBuildingFactory())
    for _ in range(3):
        BillingLeaseFactory(unit=UnitFactory(floor=floor))
    assert staff_client.get("/admin/billing/billingrun/start/").status_code == 200
    response = staff_client.post("/admin/billing/billingrun/start/", {"month": "2026-13"})
    assert "YYYY-MM" in response.context["form"].errors["month"][0]
    assert response.context["form"]["month"].value() == "2026-13"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/admin/billing/billingrun/start/", {"month": "2026-12", "confirm": "yes"})
    run = BillingRun.objects.get()
    assert response["Location"] == f"/admin/billing/billingrun/{run.pk}/progress/"
    html = staff_client.get(response["Location"]).content.decode()
    assert "3" in html and run.started_by.email in html
    run.refresh_from_db()
    assert (run.issued, run.total) == (3, 3)
    assert Invoice.objects.filter(year=2026, month=12).count() == 3


def test_the_run_shows_what_it_will_do_and_starts_only_once_confirmed(staff_client, django_capture_on_commit_callbacks):
    floor = FloorFactory(building=BankBuildingFactory())
    billed = [BillingLeaseFactory(unit=UnitFactory(floor=floor, code=f"5F-0{n}")) for n in (1, 2)]
    draft = BillingLeaseFactory(unit=UnitFactory(floor=floor, code="5F-03"), status="draft")
    invoiced = BillingLeaseFactory(unit=UnitFactory(floor=floor, code="5F-04"))
    invoice = services.invoice_issue_for_lease(lease_id=invoiced.pk, year=2026, month=12, today=TODAY)
    BillingLeaseFactory(unit=UnitFactory(floor=floor, code="5F-05"), start_date=datetime.date(2027, 1, 1))
    url = "/admin/billing/billingrun/start/"
    response = staff_client.post(url, {"month": "2026-12"})
    html = response.content.decode()
    assert response.status_code == 200 and not BillingRun.objects.exists()
    preview = html.split('id="run-preview"')[1]
    # a 33-pyeong month at 20,000 + 8,000 won per pyeong: 924,000 won and 92,400 won VAT, each
    assert "청구서 2건을 발행하여" in preview and "2,032,800원" in preview
    assert "1건의 임대차 계약은 건너뜁니다" not in preview and "2건의 임대차 계약은 건너뜁니다" in preview
    skipped = preview.split("<tbody>")[1].split("</tbody>")[0]
    assert f'data-lease="{draft.pk}"' in skipped and "“작성 중” 상태의 계약은 청구하지 않습니다" in skipped
    assert f'data-lease="{invoiced.pk}"' in skipped and invoice.number in skipped
    assert not any(f'data-lease="{lease.pk}"' in skipped for lease in billed)
    assert 'name="confirm" value="yes"' in preview and 'name="month" value="2026-12"' in preview
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"month": "2026-12", "confirm": "yes"})
    run = BillingRun.objects.get()
    assert response["Location"] == f"/admin/billing/billingrun/{run.pk}/progress/"
    assert Invoice.objects.filter(year=2026, month=12, lease__in=billed).count() == 2


def test_progress_shows_failures_with_reasons(staff_client):
    run = BillingRun.objects.create(year=2026, month=12, total=2, issued=1, failed=1,
                                    failures={"41": "The lease is not active (status: Draft)."})
    html = staff_client.get(f"/admin/billing/billingrun/{run.pk}/progress/").content.decode()
    assert "The lease is not active" in html or "계약" in html
    # The figures update in place while the run goes on (a script), never by reloading the whole page.
    assert 'http-equiv="refresh"' not in html
    assert 'data-finished="false"' in html and "billing-run-progress.js" in html


def test_the_monthly_report_as_csv_and_xlsx(staff_client):
    remember_reason(staff_client)  # the reason page is tested in tests/privacy
    invoices = _invoices(2)
    services.payment_record(invoice=invoices[0], paid_on=TODAY, amount=1_016_400, today=TODAY)
    response = staff_client.get("/admin/billing/invoice/report.csv", {"month": "2026-12"})
    text = response.content.decode("utf-8-sig")
    rows = text.strip().splitlines()
    assert len(rows) == 3
    assert invoices[0].number in text and invoices[0].business_registration_number in text
    assert ",924000,92400,1016400,1016400,0," in rows[1] or ",924000,92400,1016400,1016400,0," in rows[2]
    response = staff_client.get("/admin/billing/invoice/report.xlsx", {"month": "2026-12"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    assert sorted(row[12] for row in values[1:]) == [0, 1_016_400]
    assert staff_client.get("/admin/billing/invoice/report.csv", {"month": "bad"}).status_code == 404


def test_the_report_page_and_chart_show_billed_and_collected(staff_client):
    invoice = _invoices(1)[0]
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=500_000, today=TODAY)
    response = staff_client.get("/admin/billing/invoice/report/", {"month": "2026-12"})
    assert response.context["series"] == [{"year": 2026, "month": 12, "billed": 1_016_400, "collected": 500_000}]
    html = response.content.decode()
    assert "/admin/billing/invoice/chart.svg" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "an inline script"
    svg = staff_client.get("/admin/billing/invoice/chart.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert body.startswith("<svg") and "1,016,400" in body and "500,000" in body and "<script" not in body


def test_a_deposit_deduction_without_reason_is_refused_beside_the_field(staff_client):
    lease = BillingLeaseFactory()
    services.deposit_entry_record(lease=lease, kind="received", amount=1_000_000, on=TODAY)
    response = staff_client.post("/admin/billing/depositledgerentry/add/", {
        "lease": lease.pk, "kind": "deduction", "amount": "100000", "on": "2026-12-01", "note": ""})
    assert response.status_code == 200 and "note" in response.context["adminform"].form.errors
    response = staff_client.post("/admin/billing/depositledgerentry/add/", {
        "lease": lease.pk, "kind": "deduction", "amount": "100000", "on": "2026-12-01", "note": "청소비"})
    assert response.status_code == 302
    assert DepositLedgerEntry.objects.filter(kind="deduction").get().recorded_by.is_staff


def test_tenants_cannot_reach_the_billing_admin(client):
    from tests.factories import MembershipFactory

    invoice = _invoices(1)[0]
    client.force_login(MembershipFactory(company=invoice.company, role="owner").user)
    assert client.get("/admin/billing/invoice/").status_code == 302
    assert client.get(f"/admin/billing/invoice/{invoice.pk}/pdf/").status_code == 302


@pytest.mark.parametrize("path", [
    "billingrun/", "payment/", "accountcredit/", "depositledgerentry/", "depositledgerentry/add/", "invoicereminder/",
    "invoice/?q=INV", "billingrun/?q=2026", "payment/?q=x", "accountcredit/?q=x", "invoicereminder/?q=x",
])
def test_every_billing_admin_page_opens(staff_client, path):
    invoice = _invoices(1)[0]
    services.payment_record(invoice=invoice, paid_on=TODAY, amount=2_000_000, today=TODAY)
    services.invoice_reminders_send(today=datetime.date(2026, 12, 22))
    BillingRun.objects.create(year=2026, month=12, total=1)
    assert staff_client.get(f"/admin/billing/{path}").status_code == 200


def test_the_admin_dashboard_shows_the_billed_versus_collected_chart(staff_client, client):
    html = staff_client.get("/admin/").content.decode()
    assert 'data-testid="billing-dashboard"' in html and "/admin/billing/invoice/chart.svg" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "an inline script"
