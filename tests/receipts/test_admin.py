"""Staff in the admin: loading the pool with a report of rejected rows, a bank file with its preview
(nothing saved before the confirmation; a bad file names its row), the unmatched queue (assign, undo,
return), refunds approved by a second staff member, the month's report and close. Who may do it, from
the outside."""


import pytest

from billing.models import InvoiceStatus
from receipts.models import (
    BankLayout,
    BankTransaction,
    CollectionMonth,
    Refund,
    StatementImport,
    VirtualAccount,
)
from receipts.workflow import RefundStatus, TransactionStatus
from tests.factories import MembershipFactory, StaffFactory, UserFactory

from .files import ENTRIES_NOVEMBER, csv_bytes, lines
from .helpers import deposit_in, lease_with_invoices

pytestmark = pytest.mark.django_db
FULL = 1_016_400
ADMIN = "/admin/receipts"


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_staff_load_the_pool_and_read_the_rejected_rows(staff_client):
    data = "은행,가상계좌번호,예금주\r\n신한은행,562-0000-0000001,서초구청\r\n신한은행,12,서초구청\r\n".encode("cp949")
    response = staff_client.post(f"{ADMIN}/virtualaccount/load/", {"file": _upload("pool.csv", data)})
    html = response.content.decode()
    assert response.status_code == 200
    assert VirtualAccount.objects.filter(number="56200000000001").exists()
    report = response.context["report"]
    assert [row[0] for row in report["rows"]] == [3] and "12" in html


def test_a_bank_file_is_previewed_then_saved_on_confirmation(staff_client):
    lease_with_invoices((2026, 11), company__name_ko="양재에이아이")
    layout = BankLayout.objects.get(bank="-")
    data = csv_bytes(lines(*ENTRIES_NOVEMBER))
    preview = staff_client.post(f"{ADMIN}/statementimport/import/", {
        "layout": layout.pk, "account_number": "1002-345-678901", "file": _upload("11월.csv", data)})
    assert preview.status_code == 200
    assert [row[0] for row in preview.context["report"]["rows"]] == [6, 5, 4]  # file rows, oldest first
    assert not BankTransaction.objects.exists()

    confirm = preview.context["form"].initial
    saved = staff_client.post(f"{ADMIN}/statementimport/import/", {**confirm, "confirm": "1"})

    assert saved.status_code == 302 and "statement__id__exact" in saved["Location"]
    assert BankTransaction.objects.count() == 3
    assert BankTransaction.objects.filter(status=TransactionStatus.MATCHED).count() == 1
    statement = StatementImport.objects.get()
    assert statement.imported_by is not None and statement.filename == "11월.csv"


def test_a_bad_file_is_refused_with_its_row_and_nothing_is_saved(staff_client):
    layout = BankLayout.objects.get(bank="-")
    rows = lines(*ENTRIES_NOVEMBER)
    rows[1][5] += 10
    response = staff_client.post(f"{ADMIN}/statementimport/import/", {
        "layout": layout.pk, "account_number": "1002-345-678901", "file": _upload("bad.csv", csv_bytes(rows))})
    assert response.status_code == 200
    assert "5" in str(response.context["form"].errors["file"])
    assert not BankTransaction.objects.exists() and not StatementImport.objects.exists()


def test_staff_assign_undo_and_return_deposits_from_the_queue(client):
    staff = StaffFactory()
    client.force_login(staff)
    lease, (invoice,) = lease_with_invoices((2026, 11))
    tx = deposit_in(FULL, "홍길동")
    page = client.get(f"{ADMIN}/banktransaction/{tx.pk}/change/").content.decode()
    assert f"{ADMIN}/banktransaction/{tx.pk}/assign/" in page

    client.post(f"{ADMIN}/banktransaction/{tx.pk}/assign/", {"invoice": invoice.pk, "reason": "전화 확인"})
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    refused = client.post(f"{ADMIN}/banktransaction/{tx.pk}/undo/", {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors
    client.post(f"{ADMIN}/banktransaction/{tx.pk}/undo/", {"reason": "다른 회사"})
    tx.refresh_from_db()
    assert tx.status == TransactionStatus.UNMATCHED

    client.post(f"{ADMIN}/banktransaction/{tx.pk}/return/", {"bank": "우리은행", "account_number": "1002-1",
                                                              "reason": "착오 송금"})
    tx.refresh_from_db()
    assert tx.status == TransactionStatus.REFUND
    assert Refund.objects.get().requested_by == staff


def test_the_refund_page_lets_only_another_staff_member_approve(client):
    first, second = StaffFactory(), StaffFactory()
    tx = deposit_in(70_000, "모르는사람")
    client.force_login(first)
    client.post(f"{ADMIN}/banktransaction/{tx.pk}/return/", {"bank": "우리은행", "account_number": "1002-111",
                                                              "reason": "착오 송금"})
    refund = Refund.objects.get()

    client.post(f"{ADMIN}/refund/{refund.pk}/workflow/approve/")
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REQUESTED

    client.force_login(second)
    client.post(f"{ADMIN}/refund/{refund.pk}/workflow/approve/")
    refund.refresh_from_db()
    assert (refund.status, refund.approved_by) == (RefundStatus.APPROVED, second)


def test_the_month_report_closes_the_month_and_an_undo_then_needs_an_adjustment(client):
    staff = StaffFactory()
    client.force_login(staff)
    lease, (invoice,) = lease_with_invoices((2026, 11), company__name_ko="양재에이아이")
    tx = deposit_in(FULL, "양재에이아이")
    report = client.get(f"{ADMIN}/collectionmonth/report/", {"month": "2026-11"})
    assert report.status_code == 200 and report.context["may_close"]
    assert "1,016,400" in report.content.decode()

    client.post(f"{ADMIN}/collectionmonth/report/?month=2026-11")
    assert CollectionMonth.objects.filter(year=2026, month=11, closed_by=staff).exists()

    refused = client.post(f"{ADMIN}/banktransaction/{tx.pk}/undo/", {"reason": "잘못 연결"})
    assert refused.status_code == 200 and "2026-11" in str(refused.context["form"].non_field_errors())
    tx.refresh_from_db()
    assert tx.status == TransactionStatus.MATCHED
    client.post(f"{ADMIN}/banktransaction/{tx.pk}/undo/", {"reason": "잘못 연결", "adjust": "on"})
    tx.refresh_from_db()
    assert tx.status == TransactionStatus.UNMATCHED


@pytest.mark.parametrize("url", [
    "virtualaccount/", "virtualaccount/load/", "statementimport/import/", "banktransaction/",
    "refund/", "collectionmonth/report/", "banklayout/",
])
def test_only_staff_with_the_permissions_reach_the_collections_admin(client, url):
    client.force_login(MembershipFactory(role="owner").user)      # a tenant
    assert client.get(f"{ADMIN}/{url}").status_code == 302        # to the admin's login
    client.force_login(UserFactory(is_staff=True))                  # staff status, no district-staff role
    assert client.get(f"{ADMIN}/{url}").status_code in (403, 404)
    client.force_login(StaffFactory())
    assert client.get(f"{ADMIN}/{url}").status_code == 200


def test_without_the_permission_staff_cannot_act_on_a_deposit(client):
    tx = deposit_in(10_000, "누구")
    client.force_login(UserFactory(is_staff=True))
    for action in ("assign", "undo", "return"):
        assert client.post(f"{ADMIN}/banktransaction/{tx.pk}/{action}/", {"reason": "x"}).status_code in (403, 404)
    tx.refresh_from_db()
    assert tx.status == TransactionStatus.UNMATCHED



def test_a_preview_never_confirmed_leaves_no_file_after_a_day(staff_client):
    import datetime as dt

    from django.core.files.storage import storages

    from receipts import services

    layout = BankLayout.objects.get(bank="-")
    staff_client.post(f"{ADMIN}/statementimport/import/", {
        "layout": layout.pk, "account_number": "1002-345-678901",
        "file": _upload("11월.csv", csv_bytes(lines(*ENTRIES_NOVEMBER)))})
    storage = storages["private"]
    assert len(storage.listdir("receipts/pending")[1]) == 1
    assert services.statement_pending_prune() == 0
    assert services.statement_pending_prune(older_than=dt.timedelta(seconds=-1)) == 1
    assert storage.listdir("receipts/pending")[1] == []
