"""The arithmetic of an invoice: proration by days, truncation to whole won, VAT (docs/billing.md)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

VAT_RATE = Decimal("0.10")


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, days_in_month(year, month))


def occupied_days(*, start: datetime.date, end: datetime.date | None, year: int, month: int) -> int:
    """Days of the month inside the lease (both ends included); 0 when the lease misses the month."""
    first, last = month_bounds(year, month)
    begin = max(start, first)
    finish = min(end, last) if end else last
    return max((finish - begin).days + 1, 0)


def truncate_won(value: Decimal) -> int:
    """Whole won, dropping any fraction (절사)."""
    return int(value.to_integral_value(rounding=ROUND_DOWN))


def prorated_line(*, area_pyeong: Decimal, rate_per_pyeong: int, days: int, month_days: int) -> int:
    """area × rate × days / days in month, truncated once to whole won."""
    return truncate_won(Decimal(area_pyeong) * Decimal(rate_per_pyeong) * Decimal(days) / Decimal(month_days))


def vat_of(supply: int) -> int:
    return truncate_won(Decimal(supply) * VAT_RATE)


@dataclass(frozen=True)
class MonthlyCharge:
    days: int
    month_days: int
    rent: int
    management_fee: int

    @property
    def supply(self) -> int:
        return self.rent + self.management_fee

    @property
    def vat(self) -> int:
        return vat_of(self.supply)

    @property
    def total(self) -> int:
        return self.supply + self.vat

    @property
    def prorated(self) -> bool:
        return self.days != self.month_days


def monthly_charge(
    *, area_pyeong: Decimal, rent_per_pyeong: int, fee_per_pyeong: int, start: datetime.date,
    end: datetime.date | None, year: int, month: int,
) -> MonthlyCharge:
    """The rent and management fee of one lease for one month."""
    month_days = days_in_month(year, month)
    days = occupied_days(start=start, end=end, year=year, month=month)
    return MonthlyCharge(
        days=days, month_days=month_days,
        rent=prorated_line(area_pyeong=area_pyeong, rate_per_pyeong=rent_per_pyeong, days=days,
                           month_days=month_days),
        management_fee=prorated_line(area_pyeong=area_pyeong, rate_per_pyeong=fee_per_pyeong, days=days,
                                     month_days=month_days),
    )
