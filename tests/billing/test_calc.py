"""The worked examples of docs/billing.md: proration by days, truncation to whole won, VAT."""

import datetime
from decimal import Decimal

from premises.money import monthly_charge, occupied_days, vat_of

AREA = Decimal("33")
RENT = 20_000  # won per pyeong per month
FEE = 8_000


def test_a_full_month():
    charge = monthly_charge(area_pyeong=AREA, rent_per_pyeong=RENT, fee_per_pyeong=FEE,
                            start=datetime.date(2026, 1, 1), end=None, year=2026, month=12)
    assert (charge.days, charge.month_days) == (31, 31)
    assert (charge.rent, charge.management_fee, charge.supply, charge.vat, charge.total) == (
        660_000, 264_000, 924_000, 92_400, 1_016_400)
    assert not charge.prorated


def test_a_lease_from_the_15th_of_a_31_day_month():
    charge = monthly_charge(area_pyeong=AREA, rent_per_pyeong=RENT, fee_per_pyeong=FEE,
                            start=datetime.date(2026, 12, 15), end=None, year=2026, month=12)
    assert charge.days == 17
    # 660,000 × 17/31 = 361,935.48… → 361,935; 264,000 × 17/31 = 144,774.19… → 144,774
    assert (charge.rent, charge.management_fee) == (361_935, 144_774)
    # supply 506,709; VAT 50,670.9 → 50,670; total 557,379
    assert (charge.supply, charge.vat, charge.total) == (506_709, 50_670, 557_379)


def test_a_lease_ending_on_the_10th_of_a_28_day_february():
    charge = monthly_charge(area_pyeong=AREA, rent_per_pyeong=RENT, fee_per_pyeong=FEE,
                            start=datetime.date(2025, 3, 1), end=datetime.date(2027, 2, 10), year=2027, month=2)
    assert (charge.days, charge.month_days) == (10, 28)
    # 660,000 × 10/28 = 235,714.28… → 235,714; 264,000 × 10/28 = 94,285.71… → 94,285
    assert (charge.rent, charge.management_fee) == (235_714, 94_285)
    assert (charge.supply, charge.vat, charge.total) == (329_999, 32_999, 362_998)


def test_fractional_areas_are_truncated_once_per_line():
    charge = monthly_charge(area_pyeong=Decimal("28.37"), rent_per_pyeong=RENT, fee_per_pyeong=FEE,
                            start=datetime.date(2026, 11, 2), end=None, year=2026, month=11)
    # 28.37 × 20,000 × 29/30 = 548,486.66… → 548,486; 28.37 × 8,000 × 29/30 = 219,394.66… → 219,394
    assert (charge.rent, charge.management_fee) == (548_486, 219_394)


def test_a_lease_outside_the_month_has_no_days():
    assert occupied_days(start=datetime.date(2027, 1, 1), end=None, year=2026, month=12) == 0
    assert occupied_days(start=datetime.date(2025, 1, 1), end=datetime.date(2026, 11, 30), year=2026, month=12) == 0


def test_vat_is_truncated_to_whole_won():
    assert vat_of(506_709) == 50_670
    assert vat_of(9) == 0
