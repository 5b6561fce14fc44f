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
from receipts.models import RefundSource, VirtualAccount, VirtualAccountAssignment
from tests.factories import BillingLeaseFactory, StaffFactory

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


def _ended_and_paid_with_credit(overpaid: int, **lease_kwargs):
    """An ended lease whose invoice was paid with `overpaid` won too much (kept as account credit)."""
    lease, (invoice,) = lease_with_invoices((2026, 11), **lease_kwargs)
    VirtualAccount.objects.create(bank="신한은행", number=f"5620{lease.pk:010d}", holder="서초구청")
    assignment = services.virtual_account_assign(lease_id=lease.pk)
    billing.payment_record(invoice=invoice, paid_on=dt.date(2026, 11, 20), amount=invoice.total + overpaid,
                           today=dt.date(2026, 11, 20))
    type(lease).objects.filter(pk=lease.pk).update(status="ended")
    return lease, assignment


def _refund_credit(lease, amount: int):
    first, second = StaffFactory(), StaffFactory()
    refund = services.refund_request(source=RefundSource.ACCOUNT_CREDIT, amount=amount, company=lease.company,
                                     bank="국민은행", account_number="123-45-678", account_holder_name="양재에이아이",
                                     reason="입주 종료 후 과오납 환급", actor=first)
    return refund, first, second


def test_the_account_is_kept_while_the_company_of_an_ended_lease_holds_credit_or_its_refund_is_under_way():
    lease, assignment = _ended_and_paid_with_credit(5_000)

    with pytest.raises(DomainError) as refused:
        services.virtual_account_release(assignment_id=assignment.pk)
    assert "5,000" in refused.value.message
    refund, first, second = _refund_credit(lease, 5_000)
    with pytest.raises(DomainError) as refused:
        services.virtual_account_release(assignment_id=assignment.pk)
    assert "예치금 환불이 진행 중" in refused.value.message
    services.refund_approve(refund=refund, actor=second)
    assert services.virtual_accounts_release_settled() == 0

    services.refund_pay(refund=refund, actor=first)

    assert billing.company_credit_balance(company_id=lease.company_id) == 0
    assert services.virtual_accounts_release_settled() == 1
    assignment.refresh_from_db()
    assert assignment.released_at is not None


def test_credit_stays_with_a_company_whose_other_lease_runs_and_the_ended_leases_account_is_released():
    lease, assignment = _ended_and_paid_with_credit(5_000)
    BillingLeaseFactory(company=lease.company)  # another unit, still running

    services.virtual_account_release(assignment_id=assignment.pk)

    assert billing.company_credit_balance(company_id=lease.company_id) == 5_000


def test_staff_find_the_ended_leases_whose_company_still_holds_credit_and_start_the_refund_from_there(staff_client):
    owed, _assignment = _ended_and_paid_with_credit(7_000, company__name_ko="환급대상기업")
    _settled, _other = _ended_and_paid_with_credit(0, company__name_ko="정산완료기업")
    running, _third = lease_with_invoices((2026, 11), company__name_ko="입주중기업")
    VirtualAccount.objects.create(bank="신한은행", number="56209999999999", holder="서초구청")
    services.virtual_account_assign(lease_id=running.pk)
    billing.account_credit_add(company_id=running.company_id, amount=3_000, note="과오납")

    response = staff_client.get("/admin/receipts/virtualaccountassignment/", {"settlement": "credit_left"})

    html = response.content.decode()
    assert response.status_code == 200 and response.context["cl"].result_count == 1
    assert "환급대상기업" in html and "7,000" in html
    assert "정산완료기업" not in html and "입주중기업" not in html
    link = f"/admin/receipts/refund/add/?source=account_credit&amp;company={owed.company_id}&amp;amount=7000"
    assert link in html
    form = staff_client.get(link.replace("&amp;", "&")).context["adminform"].form
    assert (form.initial["source"], str(form.initial["company"]), form.initial["amount"]) == (
        "account_credit", str(owed.company_id), "7000")

    _refund_credit(owed, 7_000)
    html = staff_client.get("/admin/receipts/virtualaccountassignment/").content.decode()
    assert "환불 진행 중" in html


def test_the_settlement_queue_keeps_its_query_count_as_rows_grow(staff_client, django_assert_num_queries):
    _ended_and_paid_with_credit(1_000)
    url = "/admin/receipts/virtualaccountassignment/"
    staff_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        staff_client.get(url)
    for _ in range(4):
        _ended_and_paid_with_credit(1_000)
    with django_assert_num_queries(len(one.captured_queries)):
        assert staff_client.get(url).context["cl"].result_count == 5
