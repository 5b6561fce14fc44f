"""The Hometax bulk-issue file of a month, downloaded by staff from the billing run's page, and Hometax's
result file uploaded back: approval numbers recorded, a file of another month or lessor refused with the
reason beside the file field."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from billing.models import BillingRun
from taxinvoices.hometax import ISSUE_COLUMNS, RESULT_COLUMNS, SHEET_TITLE
from taxinvoices.models import HometaxColumn, TaxInvoice
from taxinvoices.workflow import TaxInvoiceStatus
from tests.factories import (
    BankBuildingFactory,
    BillingLeaseFactory,
    FloorFactory,
    LessorFactory,
    MembershipFactory,
    StaffFactory,
    UnitFactory,
)
from tests.privacy.reasons import remember_reason

from .conftest import issue

pytestmark = pytest.mark.django_db
HEADER_ROW = 6


def _lease_at(building, **fields):
    return BillingLeaseFactory(unit=UnitFactory(floor=FloorFactory(building=building)), **fields)


@pytest.fixture
def month():
    """Three December invoices of one lessor, one of November, one December invoice of another lessor."""
    building = BankBuildingFactory()
    december = [issue(_lease_at(building))[1] for _ in range(3)]
    november = issue(_lease_at(building, start_date=datetime.date(2026, 1, 1)), 2026, 11,
                     today=datetime.date(2026, 11, 1))[1]
    other = BankBuildingFactory(lessor=LessorFactory(name="양재AI운영재단",
                                                     business_registration_number="220-81-62517"))
    elsewhere = issue(_lease_at(other))[1]
    run = BillingRun.objects.create(year=2026, month=12, total=4, issued=4)
    return {"lessor": building.lessor, "other": other.lessor, "december": december, "november": november,
            "elsewhere": elsewhere, "run": run}


@pytest.fixture
def staff(client):
    client.force_login(StaffFactory())
    remember_reason(client, "export.tax-invoices-hometax")
    return client


def _file_url(month, lessor=None):
    return f"/admin/taxinvoices/taxinvoice/hometax/{month['run'].pk}/{(lessor or month['lessor']).pk}/file.xlsx"


def _result_url(month):
    return f"/admin/taxinvoices/taxinvoice/hometax/{month['run'].pk}/result/"


def test_the_run_page_offers_the_months_file_per_lessor(staff, month):
    page = staff.get(f"/admin/billing/billingrun/{month['run'].pk}/progress/").content.decode()
    assert _file_url(month) in page
    assert _file_url(month, month["other"]) in page
    assert _result_url(month) in page


def test_the_file_opens_with_openpyxl_and_holds_exactly_the_months_invoices_with_the_required_columns(staff, month):
    response = staff.get(_file_url(month))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == SHEET_TITLE
    header = [cell.value for cell in sheet[HEADER_ROW]]
    assert header == [h for h, _source, _required in ISSUE_COLUMNS]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]
    column = {h: i for i, h in enumerate(header)}
    assert sorted(row[column["비고"]] for row in rows) == sorted(t.remark for t in month["december"])
    required = [h for h, _source, needed in ISSUE_COLUMNS if needed]
    for row, tax_invoice in zip(sorted(rows, key=lambda r: r[column["비고"]]),
                                sorted(month["december"], key=lambda t: t.remark), strict=True):
        assert all(row[column[h]] not in (None, "") for h in required), row
        assert row[column["작성일자"]] == "20261225"
        assert row[column["공급자 등록번호('-'없이 입력)"]] == "2148300015"
        assert row[column["공급받는자 등록번호('-'없이 입력)"]] == tax_invoice.recipient_brn.replace("-", "")
        assert (row[column["공급가액"]], row[column["세액"]]) == (924_000, 92_400)
        assert (row[column["품목1"]], row[column["공급가액1"]], row[column["품목2"]], row[column["공급가액2"]]) == (
            "임대료", 660_000, "관리비", 264_000)
        assert row[column["일자1(2자리, 작성년월 제외)"]] == "25"
        assert row[column["영수(01),청구(02)"]] == "02"


def test_a_corrected_column_map_is_what_the_file_follows(staff, month):
    HometaxColumn.objects.filter(file="issue", header="비고").update(header="비고(수정)")
    sheet = load_workbook(io.BytesIO(staff.get(_file_url(month)).content)).active
    assert "비고(수정)" in [cell.value for cell in sheet[HEADER_ROW]]


def _result_file(rows, *, as_csv=False):
    header = [h for h, _source, _required in RESULT_COLUMNS]
    position = {source: i for i, (_h, source, _r) in enumerate(RESULT_COLUMNS) if source}
    lines = []
    for values in rows:
        line = [""] * len(header)
        for source, value in values.items():
            line[position[source]] = value
        lines.append(line)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["전자세금계산서 목록조회"])
    for _ in range(HEADER_ROW - 2):
        sheet.append([])
    sheet.append(header)
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "hometax-result.xlsx"
    return buffer


def _row(tax_invoice, approval, *, remark=True, write_date="2026-12-25", supplier="214-83-00015"):
    return {"write_date": write_date, "approval_number": approval, "supplier_brn": supplier,
            "recipient_brn": tax_invoice.recipient_brn, "supply": f"{tax_invoice.supply:,}", "vat": tax_invoice.vat,
            "remark": tax_invoice.remark if remark else ""}


APPROVALS = ["202612254100000112345678", "202612254100000212345678", "202612254100000312345678"]


def test_the_result_file_records_the_approval_numbers(staff, month):
    first, second, third = month["december"]
    rows = [_row(first, APPROVALS[0]), _row(second, APPROVALS[1]), _row(third, APPROVALS[2], remark=False)]

    response = staff.post(_result_url(month), {"lessor": month["lessor"].pk, "file": _result_file(rows)})

    assert response.status_code == 200
    assert len(response.context["outcome"].recorded) == 3
    for tax_invoice, approval in zip((first, second, third), APPROVALS, strict=True):
        tax_invoice.refresh_from_db()
        assert tax_invoice.status == TaxInvoiceStatus.ACCEPTED
        assert tax_invoice.approval_number == f"{approval[:8]}-{approval[8:16]}-{approval[16:]}"
        log = tax_invoice.transitions.latest("id")
        assert (log.name, log.actor_id) == ("record_hometax_result", response.wsgi_request.user.pk)
    month["elsewhere"].refresh_from_db()
    assert month["elsewhere"].status == TaxInvoiceStatus.DRAFT
    # Recorded ones leave the file; uploading the same result again records nothing new.
    assert staff.get(_file_url(month)).status_code == 200
    again = staff.post(_result_url(month), {"lessor": month["lessor"].pk, "file": _result_file(rows)})
    assert (len(again.context["outcome"].recorded), len(again.context["outcome"].already)) == (0, 3)


def _refused(response, needle):
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any(needle in str(error) for error in errors), errors
    assert 'id="id_file-error"' in response.content.decode()


def test_a_result_file_of_another_lessor_is_refused_beside_the_field(staff, month):
    rows = [_row(month["december"][0], APPROVALS[0], supplier="220-81-62517")]
    response = staff.post(_result_url(month), {"lessor": month["lessor"].pk, "file": _result_file(rows)})
    _refused(response, "2208162517")
    assert not TaxInvoice.objects.exclude(approval_number="").exists()


def test_a_result_file_of_another_month_is_refused_beside_the_field(staff, month):
    rows = [_row(month["december"][0], APPROVALS[0]), _row(month["november"], APPROVALS[1], write_date="20261125")]
    response = staff.post(_result_url(month), {"lessor": month["lessor"].pk, "file": _result_file(rows)})
    _refused(response, "2026-11")
    assert not TaxInvoice.objects.exclude(approval_number="").exists()


def test_a_file_that_is_not_hometaxs_result_is_refused_beside_the_field(staff, month):
    workbook = Workbook()
    workbook.active.append(["이름", "금액"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "other.xlsx"
    response = staff.post(_result_url(month), {"lessor": month["lessor"].pk, "file": buffer})
    _refused(response, "승인번호")


def test_tenants_reach_neither_the_file_nor_the_upload(client, month):
    member = MembershipFactory(company=month["december"][0].company, role="owner").user
    client.force_login(member)
    assert client.get(_file_url(month)).status_code == 302
    assert client.get(_result_url(month)).status_code == 302
