"""Deemed rent on deposits: a hand-computed quarter (a lease over the whole quarter, one starting mid-quarter,
another lessor's and a draft lease left out), the NTS rate staff record over the setting, and the XLSX
report staff download from the billing admin."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from billing.models import DeemedRentRate
from billing.services.deemed_rent import deemed_rent_report
from tests.factories import BillingLeaseFactory, FloorFactory, UnitFactory, UserFactory
from tests.privacy.reasons import remember_reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def leases(settings):
    settings.BILLING_DEEMED_RENT_RATE = "3.1"
    whole = BillingLeaseFactory(deposit=2_376_000)
    building = whole.unit.floor.building
    mid = BillingLeaseFactory(unit=UnitFactory(floor=FloorFactory(building=building)),
                              start_date=datetime.date(2026, 11, 16), deposit=30_000_000)
    BillingLeaseFactory(unit=UnitFactory(floor=FloorFactory(building=building)), status="draft",
                        deposit=50_000_000)
    BillingLeaseFactory(deposit=90_000_000)  # another lessor's building
    return building.lessor, whole, mid


def test_a_quarter_computed_by_hand(leases):
    lessor, whole, mid = leases
    report = deemed_rent_report(lessor=lessor, year=2026, quarter=4)
    assert (report.first, report.last, report.day_basis, report.rate) == (
        datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), 365, Decimal("3.1"))
    rows = {row.unit: row for row in report.rows}
    assert set(rows) == {whole.unit.code, mid.unit.code}
    # 2,376,000 × 92 days × 3.1% ÷ 365 = 18,565.35 → 18,565; VAT 1,856
    assert (rows[whole.unit.code].days, rows[whole.unit.code].deemed_rent, rows[whole.unit.code].vat) == (
        92, 18_565, 1_856)
    # from 16 November: 15 + 31 = 46 days; 30,000,000 × 46 × 3.1% ÷ 365 = 117,205.47 → 117,205; VAT 11,720
    assert (rows[mid.unit.code].days, rows[mid.unit.code].deemed_rent, rows[mid.unit.code].vat) == (
        46, 117_205, 11_720)
    assert (report.deemed_rent, report.vat) == (135_770, 13_576)


def test_the_rate_staff_record_wins_over_the_setting(leases):
    lessor, whole, _mid = leases
    DeemedRentRate.objects.create(valid_from=datetime.date(2026, 3, 20), annual_rate=Decimal("3.5"))
    DeemedRentRate.objects.create(valid_from=datetime.date(2027, 3, 21), annual_rate=Decimal("1.0"))
    report = deemed_rent_report(lessor=lessor, year=2026, quarter=4)
    assert report.rate == Decimal("3.5")
    # 2,376,000 × 92 × 3.5% ÷ 365 = 20,960.88 → 20,960
    assert {row.unit: row.deemed_rent for row in report.rows}[whole.unit.code] == 20_960


def test_a_leap_year_divides_by_366(leases):
    lessor, whole, _mid = leases
    report = deemed_rent_report(lessor=lessor, year=2028, quarter=1)
    assert report.rows == []  # the leases end in 2027
    assert report.day_basis == 366


def test_staff_download_the_quarter_as_xlsx_from_the_billing_admin(staff_client, leases):
    lessor, whole, mid = leases
    assert "/admin/billing/deemedrentrate/report/" in staff_client.get("/admin/billing/invoice/").content.decode()
    page = staff_client.get("/admin/billing/deemedrentrate/report/",
                            {"lessor": lessor.pk, "year": 2026, "quarter": 4})
    assert page.status_code == 200 and "117,205" in page.content.decode()
    remember_reason(staff_client)
    response = staff_client.get("/admin/billing/deemedrentrate/report.xlsx",
                                {"lessor": lessor.pk, "year": 2026, "quarter": 4})
    assert response.status_code == 200
    assert 'filename="deemed-rent-2026-Q4.xlsx"' in response["Content-Disposition"]
    values = [[cell.value for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert len(values) == 4  # header, two leases, total
    body = {row[1]: row for row in values[1:3]}
    assert body[mid.unit.code][6:8] == [30_000_000, 46] and body[mid.unit.code][9:11] == [117_205, 11_720]
    assert values[3][9:11] == [135_770, 13_576]


def test_only_staff_reach_the_report(client, leases):
    client.force_login(UserFactory())
    assert client.get("/admin/billing/deemedrentrate/report/").status_code == 302
    assert client.get("/admin/billing/deemedrentrate/report.xlsx").status_code == 302
