"""Issuing invoices: lines and amounts, numbering, due date, idempotence, the PDF and the e-mail."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.storage import storages
from pypdf import PdfReader

from billing import services
from billing.models import Invoice, InvoiceKind, InvoiceStatus
from portal.exceptions import DomainError
from tests.factories import BillingLeaseFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def _issue(lease, year=2026, month=12):
    return services.invoice_issue_for_lease(lease_id=lease.pk, year=year, month=month, today=TODAY)


def test_a_full_month_invoice_has_rent_fee_vat_and_the_snapshot():
    lease = BillingLeaseFactory(company__name_ko="주식회사 양재비전")
    invoice = _issue(lease)
    assert invoice.number == "INV-2026-12-0001"
    assert [(line.label_ko, line.amount) for line in invoice.lines.all()] == [("임대료", 660_000), ("관리비", 264_000)]
    assert (invoice.supply, invoice.vat, invoice.total) == (924_000, 92_400, 1_016_400)
    assert invoice.company_name == "주식회사 양재비전"
    assert invoice.business_registration_number == lease.company.business_registration_number
    assert invoice.unit_code == lease.unit.code
    assert (invoice.period_start, invoice.period_end) == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
    assert invoice.due_on == datetime.date(2026, 12, 25)
    assert invoice.bank_account == "신한은행 100-035-123456 (서초구청)"
    assert invoice.status == InvoiceStatus.ISSUED


def test_a_lease_from_the_15th_is_prorated_as_in_the_docs():
    lease = BillingLeaseFactory(start_date=datetime.date(2026, 12, 15))
    invoice = _issue(lease)
    assert (invoice.supply, invoice.vat, invoice.total) == (506_709, 50_670, 557_379)
    assert invoice.period_start == datetime.date(2026, 12, 15)
    assert "17/31일" in invoice.lines.first().basis


def test_a_lease_ending_on_the_10th_of_february_is_prorated_as_in_the_docs():
    lease = BillingLeaseFactory(start_date=datetime.date(2026, 3, 1), end_date=datetime.date(2027, 2, 10))
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2027, month=2, today=TODAY)
    assert (invoice.supply, invoice.vat, invoice.total) == (329_999, 32_999, 362_998)
    assert invoice.period_end == datetime.date(2027, 2, 10)


def test_issuing_twice_returns_the_same_invoice_and_numbers_follow_per_month():
    first, second = BillingLeaseFactory(), BillingLeaseFactory()
    a = _issue(first)
    assert _issue(first).pk == a.pk
    b = _issue(second)
    c = services.invoice_issue_for_lease(lease_id=first.pk, year=2027, month=1, today=TODAY)
    assert (a.number, b.number, c.number) == ("INV-2026-12-0001", "INV-2026-12-0002", "INV-2027-01-0001")
    assert Invoice.objects.filter(lease=first, year=2026, month=12).count() == 1


def test_the_database_refuses_a_second_invoice_for_the_same_lease_and_month():
    from django.db import IntegrityError, transaction

    invoice = _issue(BillingLeaseFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            number="INV-2026-12-9999", lease=invoice.lease, company=invoice.company, company_name="x",
            business_registration_number="x", unit_code="x", year=2026, month=12, period_start=TODAY,
            period_end=TODAY, issued_on=TODAY, due_on=TODAY, supply=1, vat=0, total=1,
        )


def test_an_issued_invoice_cannot_be_edited():
    invoice = _issue(BillingLeaseFactory())
    invoice.total = 1
    with pytest.raises(DomainError):
        invoice.save()
    with pytest.raises(DomainError):
        invoice.save(update_fields=["total"])


def test_a_lease_outside_the_month_or_not_active_is_refused():
    lease = BillingLeaseFactory(start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2028, 3, 1))
    with pytest.raises(DomainError):
        _issue(lease)
    draft = BillingLeaseFactory(status="draft")
    with pytest.raises(DomainError):
        _issue(draft)
    assert not Invoice.objects.exists()


def test_the_due_day_is_a_building_setting_clamped_and_never_before_issue():
    lease = BillingLeaseFactory(unit__floor__building__invoice_due_day=28)
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2027, month=2, today=TODAY)
    assert invoice.due_on == datetime.date(2027, 2, 28)
    assert services.invoice_due_date(due_day=25, year=2026, month=11, issued_on=TODAY) == datetime.date(2026, 12, 15)


def test_the_pdf_is_kept_privately_and_holds_the_korean_text():
    invoice = _issue(BillingLeaseFactory(company__name_ko="주식회사 말결"))
    with storages["private"].open(invoice.pdf_path, "rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    for expected in ["임대료 청구서", "INV-2026-12-0001", "주식회사 말결", "임대료", "관리비", "공급가액",
                     "1,016,400원", "2026년 12월 25일 (금)", "신한은행"]:
        assert expected in text, expected


def test_the_invoice_is_emailed_to_the_billing_contact_once_with_the_pdf(django_capture_on_commit_callbacks):
    lease = BillingLeaseFactory(company__billing_contact_email="finance@malgyeol.kr")
    with django_capture_on_commit_callbacks(execute=True):
        invoice = _issue(lease)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["finance@malgyeol.kr"]
    assert "INV-2026-12-0001" in message.subject
    assert message.attachments[0][0] == "INV-2026-12-0001.pdf"
    assert message.attachments[0][1].startswith(b"%PDF")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invoice_email(invoice_id=invoice.pk) is False
    assert len(mail.outbox) == 1
    invoice.refresh_from_db()
    assert invoice.emailed_at is not None


def test_a_credit_note_refers_to_the_original_which_stays_unchanged():
    invoice = _issue(BillingLeaseFactory())
    note = services.credit_note_issue(invoice=invoice, reason="면적 정정", today=TODAY)
    assert note.kind == InvoiceKind.CREDIT_NOTE and note.refers_to == invoice
    assert note.number == "CN-2026-12-0001"
    assert (note.supply, note.vat, note.total) == (-924_000, -92_400, -1_016_400)
    invoice.refresh_from_db()
    assert (invoice.total, invoice.status) == (1_016_400, InvoiceStatus.CANCELLED)
    assert "CN-2026-12-0001" in invoice.status_changes.last().reason
    with storages["private"].open(note.pdf_path, "rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "INV-2026-12-0001" in text and "면적 정정" in text
    with pytest.raises(DomainError):
        services.credit_note_issue(invoice=invoice, reason="again", today=TODAY)


def test_a_partial_credit_note_lowers_what_is_due_and_needs_a_reason():
    invoice = _issue(BillingLeaseFactory())
    with pytest.raises(DomainError):
        services.credit_note_issue(invoice=invoice, reason=" ", today=TODAY)
    with pytest.raises(DomainError):
        services.credit_note_issue(invoice=invoice, reason="too much", supply=924_001, today=TODAY)
    note = services.credit_note_issue(invoice=invoice, reason="관리비 감면", supply=100_000, today=TODAY)
    assert (note.supply, note.vat, note.total) == (-100_000, -10_000, -110_000)
    assert services.invoice_amounts(invoice)["outstanding"] == 906_400


def test_an_invoice_left_without_its_pdf_gets_it_on_the_next_call(django_capture_on_commit_callbacks):
    from billing.services.invoices import _invoice_create_for_lease

    lease = BillingLeaseFactory()
    bare = _invoice_create_for_lease(lease_id=lease.pk, year=2026, month=12, today=TODAY)  # as if interrupted
    assert bare.pdf_path == ""
    with django_capture_on_commit_callbacks(execute=True):
        invoice = _issue(lease)
    assert invoice.pk == bare.pk and invoice.pdf_path.endswith("INV-2026-12-0001.pdf")
    assert storages["private"].exists(invoice.pdf_path)
    assert len(mail.outbox) == 1
    invoice.pdf_path = "other.pdf"
    with pytest.raises(DomainError):
        invoice.save(update_fields=["pdf_path"])


def test_issuing_inside_a_callers_transaction_is_refused():
    """The invoice is numbered and committed before its PDF is rendered: nested in another transaction, the
    render would hold the lease and the month's number locked and the invoice could roll back after its e-mail."""
    from django.db import transaction

    lease = BillingLeaseFactory()
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _issue(lease)
    assert not Invoice.objects.filter(lease=lease).exists()
