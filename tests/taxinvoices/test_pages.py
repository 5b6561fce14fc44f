"""Where people see tax invoices: the tenant's billing page (its own company's only), the admin's list and
record with the workflow's buttons, the reason-code page, the column map staff correct."""

import datetime

import pytest

from billing import services as billing_services
from taxinvoices.models import HometaxColumn, TaxInvoice
from taxinvoices.workflow import TaxInvoiceStatus
from tests.factories import BillingLeaseFactory, MembershipFactory, StaffFactory

from .conftest import issue

pytestmark = pytest.mark.django_db


def test_the_tenant_sees_its_tax_invoices_and_their_status_on_its_billing_page(client):
    lease = BillingLeaseFactory()
    invoice, tax_invoice = issue(lease)
    TaxInvoice.objects.filter(pk=tax_invoice.pk).update(status=TaxInvoiceStatus.ACCEPTED,
                                                        approval_number="20261225-41000001-12345678")
    other_invoice, _other = issue(BillingLeaseFactory())
    client.force_login(MembershipFactory(company=lease.company, role="owner").user)

    page = client.get(f"/billing/{lease.company.pk}/").content.decode()

    assert 'data-testid="tax-invoices"' in page
    assert "20261225-41000001-12345678" in page
    assert invoice.number in page and other_invoice.number not in page


def test_staff_read_a_tax_invoice_with_its_items_history_and_only_the_buttons_its_status_allows(client):
    _invoice, tax_invoice = issue(BillingLeaseFactory())
    client.force_login(StaffFactory())

    listing = client.get("/admin/taxinvoices/taxinvoice/?year=2026&month=12")
    page = client.get(f"/admin/taxinvoices/taxinvoice/{tax_invoice.pk}/change/").content.decode()

    assert listing.status_code == 200 and tax_invoice.mgt_key in listing.content.decode()
    assert "임대료" in page and "관리비" in page
    assert f"/admin/taxinvoices/taxinvoice/{tax_invoice.pk}/workflow/cancel/" in page
    assert "/workflow/resend/" not in page and "/workflow/record_hometax_result/" not in page


def test_staff_choose_a_modified_tax_invoices_reason_code_on_its_page(client):
    lease = BillingLeaseFactory()
    invoice, original = issue(lease)
    TaxInvoice.objects.filter(pk=original.pk).update(status=TaxInvoiceStatus.ACCEPTED,
                                                     approval_number="20261225-41000001-12345678")
    note = billing_services.credit_note_issue(invoice=invoice, reason="이중 발급", today=datetime.date(2027, 1, 5))
    modified = TaxInvoice.objects.get(invoice=note)
    client.force_login(StaffFactory())

    response = client.post(f"/admin/taxinvoices/taxinvoice/{modified.pk}/reason/", {"code": 6})

    assert response.status_code == 302
    modified.refresh_from_db()
    assert (modified.modify_code, modified.write_date) == (6, datetime.date(2026, 12, 25))


def test_staff_correct_the_hometax_column_map(client):
    from taxinvoices.hometax import columns_seed

    columns_seed()
    client.force_login(StaffFactory())
    assert client.get("/admin/taxinvoices/hometaxcolumn/?file=issue").status_code == 200
    assert HometaxColumn.objects.filter(file="issue").count() == 59


def test_tenants_do_not_reach_the_admin_pages(client):
    _invoice, tax_invoice = issue(BillingLeaseFactory())
    client.force_login(MembershipFactory(role="owner").user)
    assert client.get(f"/admin/taxinvoices/taxinvoice/{tax_invoice.pk}/change/").status_code == 302


def test_staff_cancel_a_draft_from_its_page_with_a_reason(client):
    _invoice, tax_invoice = issue(BillingLeaseFactory())
    client.force_login(StaffFactory())
    url = f"/admin/taxinvoices/taxinvoice/{tax_invoice.pk}/workflow/cancel/"

    assert client.post(url, {}).status_code == 200  # the reason page first
    response = client.post(url, {"reason": "홈택스에서 개별 발급함"})

    assert response.status_code == 302
    tax_invoice.refresh_from_db()
    assert tax_invoice.status == TaxInvoiceStatus.CANCELLED
    assert tax_invoice.transitions.latest("id").reason == "홈택스에서 개별 발급함"
