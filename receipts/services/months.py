"""The month's collections: billed, collected, unmatched, to be returned, refunded and late charges,
and the close after which that month's matches and payments change only through adjustments."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from premises.money import month_bounds

from ..models import Adjustment, Allocation, BankTransaction, CollectionMonth, Refund
from ..workflow import RefundStatus, TransactionStatus


def _month_range(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    first, last = month_bounds(year, month)
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    return start, start + dt.timedelta(days=(last - first).days + 1)


def month_report(*, year: int, month: int) -> dict:
    """The month's figures (whole won). Collected: every payment dated in the month, matched from the bank or
    recorded by staff in the invoice's admin, less what went beyond the amount due (kept as account credit,
    with the bank deposits left over after their invoices); the late charges are those billed on the month's
    invoices."""
    from billing import selectors as billing_selectors

    start, end = _month_range(year, month)
    in_month = BankTransaction.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
    billed = sum(row.total for row in billing_selectors.monthly_report_rows(year=year, month=month))
    deposits = in_month.filter(deposit__gt=0)
    allocations = Allocation.objects.filter(transaction__in=deposits, undone_at__isnull=True)
    paid = billing_selectors.payments_total(first=start.date(), last=(end - dt.timedelta(days=1)).date())
    return {
        "year": year, "month": month,
        "billed": billed,
        "deposits": deposits.aggregate(s=Sum("deposit"))["s"] or 0,
        "collected": paid["paid"] - paid["overpaid"],
        "to_account_credit": paid["overpaid"] + (
            allocations.filter(invoice__isnull=True).aggregate(s=Sum("amount"))["s"] or 0),
        "unmatched": deposits.filter(status=TransactionStatus.UNMATCHED).aggregate(s=Sum("deposit"))["s"] or 0,
        "unmatched_count": deposits.filter(status=TransactionStatus.UNMATCHED).count(),
        "to_be_returned": deposits.filter(status=TransactionStatus.REFUND).aggregate(s=Sum("deposit"))["s"] or 0,
        "refunded": Refund.objects.filter(status=RefundStatus.PAID, paid_on__gte=start.date(),
                                          paid_on__lt=end.date()).aggregate(s=Sum("amount"))["s"] or 0,
        "late_charges": billing_selectors.late_charges_total(year=year, month=month),
        "adjustments": Adjustment.objects.filter(closed_month__year=year, closed_month__month=month).count(),
    }


@transaction.atomic
def month_close(*, year: int, month: int, actor, today: dt.date | None = None) -> CollectionMonth:
    from portal.workflow import require_district_staff

    require_district_staff(actor)
    today = today or timezone.localdate()
    if (year, month) >= (today.year, today.month):
        raise DomainError(_("A month is closed once it is over."), code="not_over")
    try:
        with transaction.atomic():
            return CollectionMonth.objects.create(year=year, month=month, closed_by=actor,
                                                  figures=month_report(year=year, month=month))
    except IntegrityError:
        raise DomainError(_("The month %(year)s-%(month)02d is already closed.") % {"year": year, "month": month},
                          code="closed") from None
