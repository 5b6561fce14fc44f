"""Shared pieces of the tax-invoice tests: a lease at the center's rates and its issued invoices."""

import datetime

import pytest

from billing import services as billing_services
from taxinvoices.hometax import columns_seed
from taxinvoices.models import TaxInvoice
from tests.factories import BillingLeaseFactory


@pytest.fixture(autouse=True)
def hometax_columns(db):
    columns_seed()


def issue(lease, year=2026, month=12, today=datetime.date(2026, 12, 1)):
    """The month's invoice of `lease` and its live tax invoice."""
    invoice = billing_services.invoice_issue_for_lease(lease_id=lease.pk, year=year, month=month, today=today)
    return invoice, TaxInvoice.objects.exclude(status="cancelled").get(invoice=invoice)


@pytest.fixture
def lease():
    return BillingLeaseFactory()
