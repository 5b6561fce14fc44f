"""The pool of virtual accounts: loaded from a file with a report of rejected rows; one per live lease,
printed on the bill; released after the lease has ended and is settled."""

import datetime as dt
import io

import pytest
from django.core.files.storage import storages
from pypdf import PdfReader

from billing import services as billing
from billing.models import DepositEntryKind
from portal.exceptions import DomainError
from receipts import services
from receipts.models import VirtualAccount, VirtualAccountAssignment
from tests.factories import BillingLeaseFactory

from .helpers import lease_with_invoices

pytestmark = pytest.mark.django_db


def _pool_file(*rows: str, encoding="cp949") -> bytes:
    return ("은행,가상계좌번호,예금주\r\n" + "\r\n".join(rows) + "\r\n").encode(encoding)


def test_loading_the_pool_adds_valid_rows_and_reports_the_others():
    VirtualAccount.objects.create(bank="신한은행", number="56201234567890", holder="서초구청")
    report = services.virtual_accounts_load(data=_pool_file(
        "신한은행,562-0123-4567891,서초구청 양재AI특구",
        "신한은행,56201234567890,서초구청",          # already in the pool
        "신한은행,562-0123-4567891,서초구청",        # twice in the file
        "신한은행,12345,서초구청",                  # too short
        "신한은행,5620-12A4-567892,서초구청",        # a letter
        ",56201234567893,서초구청",                 # no bank
        "신한은행,56201234567894,서초구청 양재AI특구",
    ))
    assert report.created == 2
    assert [row for row, _number, _reason in report.rejected] == [3, 4, 5, 6, 7]
    assert set(VirtualAccount.objects.values_list("number", flat=True)) == {
        "56201234567890", "56201234567891", "56201234567894"}


def test_each_live_lease_gets_one_account_shown_on_its_bill():
    for number in ("56200000000001", "56200000000002"):
        VirtualAccount.objects.create(bank="신한은행", number=number, holder="서초구청 양재AI특구")
    leases = [BillingLeaseFactory() for _ in range(3)]

    assigned, refusals = services.virtual_accounts_assign_live()

    assert assigned == 2 and len(refusals) == 1
    assert services.virtual_account_assign(lease_id=leases[0].pk).account.number == "56200000000001"
    invoice = billing.invoice_issue_for_lease(lease_id=leases[0].pk, year=2026, month=11, today=dt.date(2026, 11, 1))
    assert "56200000000001" in invoice.bank_account and "신한은행" in invoice.bank_account
    from billing.services.invoices import invoice_pdf_data as _pdf_data  # the data the PDF prints

    building = invoice.lease.unit.floor.building
    assert _pdf_data(invoice, list(invoice.lines.all()), building)["payment"]["account"] == "56200000000001"
    with storages["private"].open(invoice.pdf_path, "rb") as file:  # the bill itself, rendered as it was issued
        assert "56200000000001" in "".join(PdfReader(io.BytesIO(file.read())).pages[0].extract_text().split())


def test_the_account_is_released_only_after_the_lease_has_ended_and_is_settled():
    VirtualAccount.objects.create(bank="신한은행", number="56200000000009", holder="서초구청")
    lease, (invoice,) = lease_with_invoices((2026, 11))
    assignment = services.virtual_account_assign(lease_id=lease.pk)
    billing.deposit_entry_record(lease=lease, kind=DepositEntryKind.RECEIVED, amount=100, on=dt.date(2026, 1, 1))

    with pytest.raises(DomainError):
        services.virtual_account_release(assignment_id=assignment.pk)
    type(lease).objects.filter(pk=lease.pk).update(status="ended")
    with pytest.raises(DomainError):  # the invoice is still open, the deposit held
        services.virtual_account_release(assignment_id=assignment.pk)
    billing.payment_record(invoice=invoice, paid_on=dt.date(2026, 11, 20), amount=invoice.total,
                           today=dt.date(2026, 11, 20))
    billing.deposit_entry_record(lease=lease, kind=DepositEntryKind.RETURNED, amount=100, on=dt.date(2026, 12, 1))

    assert services.virtual_accounts_release_settled() == 1
    assignment.refresh_from_db()
    assert assignment.released_at is not None
    other = BillingLeaseFactory()
    assert services.virtual_account_assign(lease_id=other.pk).account.number == "56200000000009"
    assert VirtualAccountAssignment.objects.filter(account__number="56200000000009").count() == 2
