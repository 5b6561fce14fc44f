"""The one money rule of the portal: proration by days, rounding to the lessor's unit, VAT (docs/billing.md).

Every amount the portal bills or quotes (lease summaries, invoice lines, credit notes) is computed
here, so a lease and its invoices always agree to the won. The rounding unit and mode are settings
of the lessor (`premises.Lessor.money_rule`); the default is whole won, truncated (절사).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

VAT_RATE = Decimal("0.10")


class RoundingMode(models.TextChoices):
    TRUNCATE = "truncate", _("Truncate (절사)")
    HALF_UP = "half_up", _("Round half up (반올림)")
    UP = "up", _("Round up (절상)")


class RoundingUnit(models.IntegerChoices):
    WON_1 = 1, _("1 won")
    WON_10 = 10, _("10 won")


_DECIMAL_ROUNDING = {
    RoundingMode.TRUNCATE: ROUND_DOWN, RoundingMode.HALF_UP: ROUND_HALF_UP, RoundingMode.UP: ROUND_UP,
}


@dataclass(frozen=True)
class MoneyRule:
    """How an amount becomes whole won: to a multiple of `unit` won, by `mode`."""

    unit: int = RoundingUnit.WON_1
    mode: str = RoundingMode.TRUNCATE

    def round(self, value: Decimal | int) -> int:
        """`value` in won to a whole multiple of the unit (negative amounts mirror positive ones)."""
        value = Decimal(value)
        sign = -1 if value < 0 else 1
        units = (abs(value) / self.unit).to_integral_value(rounding=_DECIMAL_ROUNDING[RoundingMode(self.mode)])
        return sign * int(units) * int(self.unit)


DEFAULT_RULE = MoneyRule()


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


def prorated_line(*, area_pyeong: Decimal, rate_per_pyeong: int, days: int, month_days: int,
                  rule: MoneyRule = DEFAULT_RULE) -> int:
    """area × rate × days / days in month, rounded once by the rule."""
    return rule.round(Decimal(area_pyeong) * Decimal(rate_per_pyeong) * Decimal(days) / Decimal(month_days))


def monthly_amount(*, area_pyeong: Decimal, rate_per_pyeong: int, rule: MoneyRule = DEFAULT_RULE) -> int:
    """The amount of a full month: area × rate, rounded by the rule (a full month's invoice line)."""
    return prorated_line(area_pyeong=area_pyeong, rate_per_pyeong=rate_per_pyeong, days=1, month_days=1, rule=rule)


def vat_of(supply: int, rule: MoneyRule = DEFAULT_RULE) -> int:
    """10% of the supply value, rounded by the rule."""
    return rule.round(Decimal(supply) * VAT_RATE)


def percent_of(amount: int, percent: int) -> int:
    """A rate derived from another (the center's rent from the market rent): whole won, half up."""
    return MoneyRule(mode=RoundingMode.HALF_UP).round(Decimal(amount) * percent / 100)


@dataclass(frozen=True)
class MonthlyCharge:
    days: int
    month_days: int
    rent: int
    management_fee: int
    rule: MoneyRule = field(default=DEFAULT_RULE)

    @property
    def supply(self) -> int:
        return self.rent + self.management_fee

    @property
    def vat(self) -> int:
        return vat_of(self.supply, self.rule)

    @property
    def total(self) -> int:
        return self.supply + self.vat

    @property
    def prorated(self) -> bool:
        return self.days != self.month_days


def monthly_charge(
    *, area_pyeong: Decimal, rent_per_pyeong: int, fee_per_pyeong: int, start: datetime.date,
    end: datetime.date | None, year: int, month: int, rule: MoneyRule = DEFAULT_RULE,
) -> MonthlyCharge:
    """The rent and management fee of one lease for one month."""
    month_days = days_in_month(year, month)
    days = occupied_days(start=start, end=end, year=year, month=month)
    return MonthlyCharge(
        days=days, month_days=month_days, rule=rule,
        rent=prorated_line(area_pyeong=area_pyeong, rate_per_pyeong=rent_per_pyeong, days=days,
                           month_days=month_days, rule=rule),
        management_fee=prorated_line(area_pyeong=area_pyeong, rate_per_pyeong=fee_per_pyeong, days=days,
                                     month_days=month_days, rule=rule),
    )


def interest(*, amount_days_percent: Decimal | int, day_basis: int = 365, rule: MoneyRule = DEFAULT_RULE) -> int:
    """Simple interest summed over days: Σ(amount × days × annual percent) ÷ (100 × day basis), rounded once
    by the rule. Late charges (amount unpaid × rate of each day) and deemed rent on deposits
    (deposit × days × the NTS rate) are both this sum (docs/billing.md)."""
    return rule.round(Decimal(amount_days_percent) / (100 * Decimal(day_basis)))
