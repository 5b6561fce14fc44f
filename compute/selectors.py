"""Reads of GPU support shared by views and admin: whose allocations a user sees, an allocation's months with
used and remaining hours, and a programme's capacity, allocations and usage month by month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from tenants.models import MANAGING_ROLES, TeamMembership

from .models import Allocation, CapacityPool, UsageReport, month_first, month_next, month_range
from .workflow import AllocationStatus


def _grantee_q(user) -> Q:
    companies = TeamMembership.objects.filter(user=user).values("company_id")
    return Q(application__applicant=user) | Q(company_id__in=companies)


def allocation_list_for_user(*, user) -> QuerySet[Allocation]:
    """The allocations of the user's applications and of the tenant companies they belong to, cancelled ones
    left out."""
    if not user.is_authenticated:
        return Allocation.objects.none()
    return (Allocation.objects.filter(_grantee_q(user)).exclude(status=AllocationStatus.CANCELLED)
            .select_related("pool", "application").order_by("-starts_on", "-pk"))


def allocation_for_user(*, user, allocation_id: int) -> tuple[Allocation, bool] | None:
    """The allocation if the user sees it, and whether they may report its usage (the applicant and the
    company's owner and administrators; its other members read it); None for anyone else (views answer 404)."""
    allocation = allocation_list_for_user(user=user).filter(pk=allocation_id).first()
    if allocation is None:
        return None
    can_report = allocation.application.applicant_id == user.pk or (
        allocation.company_id is not None and TeamMembership.objects.filter(
            user=user, company_id=allocation.company_id, role__in=MANAGING_ROLES).exists())
    return allocation, can_report


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    hours: int
    used: Decimal
    is_current: bool = False
    is_future: bool = False

    @property
    def remaining(self) -> Decimal:
        return max(self.hours - self.used, Decimal(0))

    @property
    def percent(self) -> int:
        return min(int(self.used * 100 / self.hours), 100) if self.hours else 0


def allocation_months(*, allocation: Allocation, today: dt.date | None = None) -> list[MonthRow]:
    """Every month of the term with its hours, usage and what remains (one query)."""
    current = month_first(today or timezone.localdate())
    used = dict(UsageReport.objects.filter(allocation=allocation).order_by().values("month")
                .annotate(total=Sum("hours")).values_list("month", "total"))
    return [MonthRow(month=month, hours=allocation.hours_per_month, used=used.get(month, Decimal(0)),
                     is_current=month == current, is_future=month > current) for month in allocation.months]


def allocation_totals(rows: list[MonthRow]) -> dict:
    """Hours of the months begun, used and remaining (the months to come are not counted)."""
    begun = [row for row in rows if not row.is_future]
    hours = sum(row.hours for row in begun)
    used = sum((row.used for row in begun), Decimal(0))
    return {"hours": hours, "used": used, "remaining": max(hours - used, Decimal(0)),
            "term_hours": sum(row.hours for row in rows)}


def allocation_list_with_usage(allocations: QuerySet[Allocation], *, month: dt.date) -> QuerySet[Allocation]:
    """`allocations`, each with its usage in `month` as `used_in_month` (None without any)."""
    used = (UsageReport.objects.filter(allocation=OuterRef("pk"), month=month).order_by().values("allocation")
            .annotate(total=Sum("hours")).values("total"))
    return allocations.annotate(used_in_month=Subquery(used))


# ---------------------------------------------------------------------------------------------
# Capacity over time (the admin's chart and its table)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CapacityMonth:
    month: dt.date
    capacity: int
    allocated: int
    used: Decimal

    @property
    def free(self) -> int:
        return max(self.capacity - self.allocated, 0)


def capacity_over_time(*, programme_ids: frozenset[int] | None, first: dt.date | None = None,
                       last: dt.date | None = None) -> list[CapacityMonth]:
    """Month by month from the first pool's first month to the last pool's last month (or `first`..`last`):
    the pools' GPU-hours, the hours open and ended allocations hold, and the hours used. Three queries."""
    pools = CapacityPool.objects.all()
    if programme_ids is not None:
        pools = pools.filter(programme_id__in=programme_ids)
    pools = list(pools.values_list("pk", "starts_on", "ends_on", "hours_per_month"))
    if not pools:
        return []
    first = month_first(first or min(p[1] for p in pools))
    last = month_first(last or max(p[2] for p in pools))
    months = month_range(first, last)
    capacity, allocated = defaultdict(int), defaultdict(int)
    for _pk, starts_on, ends_on, hours in pools:
        for month in month_range(max(month_first(starts_on), first), min(ends_on, last)):
            capacity[month] += hours
    allocations = Allocation.objects.filter(pool_id__in=[p[0] for p in pools], starts_on__lt=month_next(last),
                                            ends_on__gte=first).exclude(status=AllocationStatus.CANCELLED)
    for starts_on, ends_on, hours in allocations.values_list("starts_on", "ends_on", "hours_per_month"):
        for month in month_range(max(month_first(starts_on), first), min(ends_on, last)):
            allocated[month] += hours
    used = dict(UsageReport.objects.filter(allocation__pool_id__in=[p[0] for p in pools], month__gte=first,
                                           month__lte=last).order_by().values("month")
                .annotate(total=Sum("hours")).values_list("month", "total"))
    return [CapacityMonth(month=month, capacity=capacity[month], allocated=allocated[month],
                          used=used.get(month, Decimal(0))) for month in months]
