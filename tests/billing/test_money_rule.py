"""One money rule (premises.money): the lease summary, the lease pages and the invoices compute rent, fees
and VAT the same way, under the lessor's rounding unit and mode, to the won."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing import services
from billing.models import InvoiceLine
from portal.formatting import format_won
from premises.money import VAT_RATE, MoneyRule, RoundingMode, RoundingUnit, vat_of
from tenants.documents import lease_summary_data
from tests.factories import BillingLeaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _rows(lease) -> dict[str, str]:
    return {label: value for section in lease_summary_data(lease=lease)["sections"] for label, value in section["rows"]}


def _rolled_back():
    """A transaction undone after each generated example, marked as Django's TestCase marks its own, so that
    the issuing service's durable transaction may run inside it."""
    outer = transaction.atomic()
    outer._from_testcase = True
    return outer


def _lines(invoice) -> tuple[int, int]:
    rent, fee = InvoiceLine.objects.filter(invoice=invoice).order_by("position").values_list("amount", flat=True)
    return rent, fee


def test_the_lease_that_showed_567542_on_its_summary_and_567541_on_its_invoice_now_shows_one_figure(client):
    lease = BillingLeaseFactory(area_pyeong=Decimal("28.37"), rent_per_pyeong=20_005)
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12,
                                               today=datetime.date(2026, 12, 1))
    # 28.37 × 20,005 = 567,541.85: truncated to 567,541 (it used to be rounded half-even to 567,542 here).
    assert _lines(invoice)[0] == 567_541
    assert lease.monthly_rent == 567_541
    assert _rows(lease)["월 임대료"] == "567,541원"
    member = MembershipFactory(company=lease.company, role="owner")
    client.force_login(member.user)
    page = client.get(f"/tenants/{lease.company_id}/leases/{lease.pk}/").content.decode()
    assert "567,541원" in page and "567,542원" not in page


def test_the_lessors_rounding_unit_of_10_won_applies_to_every_amount():
    lease = BillingLeaseFactory(area_pyeong=Decimal("28.37"), rent_per_pyeong=20_005,
                                start_date=datetime.date(2026, 12, 15))
    lessor = lease.unit.floor.building.lessor
    lessor.rounding_unit = RoundingUnit.WON_10
    lessor.save(update_fields=["rounding_unit"])
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12,
                                               today=datetime.date(2026, 12, 1))
    rent, fee = _lines(invoice)
    # 567,541.85 × 17/31 = 311,232.92… → 311,230; 28.37 × 8,000 × 17/31 = 124,462.45… → 124,460
    assert (rent, fee) == (311_230, 124_460)
    assert (invoice.supply, invoice.vat, invoice.total) == (435_690, 43_560, 479_250)
    assert _rows(lease)["첫 달 (2026년 12월, 31일 중 17일)"] == "임대료 311,230원, 관리비 124,460원"
    assert lease.monthly_rent == 567_540
    note = services.credit_note_issue(invoice=invoice, reason="정정", supply=1_234)
    assert (note.supply, note.vat) == (-1_234, -120)


@pytest.mark.parametrize(("mode", "value", "unit", "expected"), [
    (RoundingMode.TRUNCATE, Decimal("567541.85"), 1, 567_541),
    (RoundingMode.HALF_UP, Decimal("567541.5"), 1, 567_542),
    (RoundingMode.UP, Decimal("567541.01"), 1, 567_542),
    (RoundingMode.TRUNCATE, Decimal("567549.99"), 10, 567_540),
    (RoundingMode.HALF_UP, Decimal("567545"), 10, 567_550),
    (RoundingMode.UP, Decimal("567541"), 10, 567_550),
    (RoundingMode.TRUNCATE, Decimal("-567541.85"), 10, -567_540),
])
def test_the_rule_rounds_to_its_unit_by_its_mode(mode, value, unit, expected):
    assert MoneyRule(unit=unit, mode=mode).round(value) == expected


areas = st.decimals(min_value=Decimal("5.00"), max_value=Decimal("120.00"), places=2)
rates = st.integers(min_value=1_000, max_value=60_000)
days = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2027, 12, 31))
rules = st.builds(MoneyRule, unit=st.sampled_from(list(RoundingUnit)), mode=st.sampled_from(list(RoundingMode)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(area=areas, rent=rates, fee=rates, start=days, length=st.integers(min_value=20, max_value=800), rule=rules)
def test_the_summary_and_the_invoices_agree_to_the_won(db, area, rent, fee, start, length, rule):
    end = start + datetime.timedelta(days=length)
    with _rolled_back():
        lease = BillingLeaseFactory(area_pyeong=area, rent_per_pyeong=rent, management_fee_per_pyeong=fee,
                                    start_date=start, end_date=end)
        lessor = lease.unit.floor.building.lessor
        lessor.rounding_unit, lessor.rounding_mode = rule.unit, rule.mode
        lessor.save(update_fields=["rounding_unit", "rounding_mode"])
        rows = _rows(lease)
        next_month = (start.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        months = {(start.year, start.month), (end.year, end.month)}
        if next_month.replace(day=28) < end:
            months.add((next_month.year, next_month.month))
        for year, month in sorted(months):
            invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=year, month=month,
                                                       today=datetime.date(year, month, 1))
            rent_line, fee_line = _lines(invoice)
            charge = lease.charge_for(year=year, month=month)
            if charge.prorated:
                label = "첫 달" if (year, month) == (start.year, start.month) else "마지막 달"
                row = rows[f"{label} ({year}년 {month}월, {charge.month_days}일 중 {charge.days}일)"]
                assert row == f"임대료 {format_won(rent_line)}, 관리비 {format_won(fee_line)}"
            else:
                assert (rent_line, fee_line) == (lease.monthly_rent, lease.monthly_management_fee)
                assert rows["월 임대료"] == format_won(rent_line)
                assert rows["월 관리비"] == format_won(fee_line)
            # Every amount is a multiple of the unit; VAT is 10% of supply under the rule; supply + VAT = total.
            assert rent_line % rule.unit == fee_line % rule.unit == invoice.vat % rule.unit == 0
            assert invoice.supply == rent_line + fee_line
            assert invoice.vat == vat_of(invoice.supply, rule)
            assert abs(invoice.vat - invoice.supply * VAT_RATE) < rule.unit
            assert invoice.supply + invoice.vat == invoice.total
        transaction.set_rollback(True)
