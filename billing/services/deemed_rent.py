"""Deemed rent on deposits (간주임대료) for the lessor's VAT return: deposit × days × the NTS interest rate ÷ days of
the year, per lease and quarter (docs/billing.md, "Deemed rent"). Not invoiced: it enters the lessor's VAT base."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from premises.money import interest, vat_of
from tenants.models import Lease

from ..models_late import DeemedRentRate
from .invoices import BILLED_LEASE_STATUSES


def quarter_bounds(*, year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
        raise DomainError(_("Choose a valid quarter."), code="quarter")
    first_month = 3 * quarter - 2
    last_month = first_month + 2
    return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def deemed_rent_rate_on(*, day: dt.date) -> Decimal:
    """The NTS rate (% a year) in force on `day`: the latest entry staff recorded from that day or before, else
    the setting BILLING_DEEMED_RENT_RATE."""
    rate = DeemedRentRate.objects.filter(valid_from__lte=day).order_by("-valid_from").values_list(
        "annual_rate", flat=True).first()
    return Decimal(str(settings.BILLING_DEEMED_RENT_RATE)) if rate is None else rate


@dataclass(frozen=True)
class DeemedRentRow:
    building: str
    unit: str
    tenant: str
    business_registration_number: str
    start: dt.date
    end: dt.date
    deposit: int
    days: int
    rate: Decimal
    deemed_rent: int
    vat: int


@dataclass(frozen=True)
class DeemedRentReport:
    year: int
    quarter: int
    first: dt.date
    last: dt.date
    day_basis: int
    rate: Decimal
    rows: list[DeemedRentRow]

    @property
    def deposit_days(self) -> int:
        return sum(row.deposit * row.days for row in self.rows)

    @property
    def deemed_rent(self) -> int:
        return sum(row.deemed_rent for row in self.rows)

    @property
    def vat(self) -> int:
        return sum(row.vat for row in self.rows)


def deemed_rent_report(*, lessor, year: int, quarter: int) -> DeemedRentReport:
    """Every lease of the lessor's buildings that held its unit during the quarter (as billed: signed, active,
    ending or ended), with the days of the quarter inside the lease (both ends included). The rate is the one
    in force on the quarter's last day; the divisor 365, or 366 in a leap year (부가가치세법 시행령 §65).
    Each lease's amount is rounded once by the lessor's money rule."""
    first, last = quarter_bounds(year=year, quarter=quarter)
    rate = deemed_rent_rate_on(day=last)
    day_basis = 366 if calendar.isleap(year) else 365
    rule = lessor.money_rule
    leases = (Lease.objects.filter(unit__floor__building__lessor=lessor, status__in=BILLED_LEASE_STATUSES,
                                   start_date__lte=last, end_date__gte=first, deposit__gt=0)
              .select_related("company", "unit__floor__building").order_by("unit__floor__building__name_ko",
                                                                          "unit__code", "start_date"))
    rows = []
    for lease in leases:
        days = (min(lease.end_date, last) - max(lease.start_date, first)).days + 1
        amount = interest(amount_days_percent=lease.deposit * days * rate, day_basis=day_basis, rule=rule)
        rows.append(DeemedRentRow(
            building=lease.unit.floor.building.name_ko, unit=lease.unit.code, tenant=lease.company.name_ko,
            business_registration_number=lease.company.business_registration_number, start=lease.start_date,
            end=lease.end_date, deposit=lease.deposit, days=days, rate=rate, deemed_rent=amount,
            vat=vat_of(amount, rule),
        ))
    return DeemedRentReport(year=year, quarter=quarter, first=first, last=last, day_basis=day_basis, rate=rate,
                            rows=rows)
