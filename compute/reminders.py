"""The GPU allocations' reminders, declared as kinds of outreach's reminders (outreach/reminders.py): this month
nearly used up, and the last whole months of the term without usage. Each is recorded as an `outreach.SentReminder`
(kind, allocation, step "YYYY-MM": the month it is about) before the grantees are told, so it goes once per
allocation, kind and month however often the daily run goes, or two runs at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum

from outreach.reminders import Due, Kind, register

from . import notifications
from .models import Allocation, UsageReport, month_first, month_range
from .workflow import AllocationStatus

NEARLY_USED = "gpu_nearly_used"
UNUSED = "gpu_unused"
KINDS = (NEARLY_USED, UNUSED)


def _step(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def _active_with_usage(today: dt.date) -> tuple[list[Allocation], dict[int, dict[dt.date, Decimal]]]:
    """The active allocations that have started, and the hours used of each per month."""
    allocations = list(Allocation.objects.filter(status=AllocationStatus.ACTIVE, starts_on__lte=today).order_by("pk"))
    used: dict[int, dict[dt.date, Decimal]] = defaultdict(dict)
    for allocation_id, month, total in (
        UsageReport.objects.filter(allocation__in=allocations)
        .order_by()
        .values("allocation_id", "month")
        .annotate(total=Sum("hours"))
        .values_list("allocation_id", "month", "total")
    ):
        used[allocation_id][month] = total
    return allocations, used


def _nearly_used_due(today: dt.date) -> Iterable[Due]:
    """This month's usage has reached COMPUTE_NEARLY_USED_PERCENT % of the month's hours."""
    allocations, used = _active_with_usage(today)
    current, percent = month_first(today), settings.COMPUTE_NEARLY_USED_PERCENT
    for allocation in allocations:
        if current not in allocation.months:
            continue
        spent = used[allocation.pk].get(current, Decimal(0))
        if spent * 100 >= allocation.hours_per_month * percent:
            yield Due(object_id=allocation.pk, steps=(_step(current),), data={"month": current, "used": spent})


def _unused_due(today: dt.date) -> Iterable[Due]:
    """The last COMPUTE_UNUSED_MONTHS whole months of the term, in a row, ended without any usage."""
    span = settings.COMPUTE_UNUSED_MONTHS
    if span <= 0:
        return
    allocations, used = _active_with_usage(today)
    current = month_first(today)
    for allocation in allocations:
        ended = [month for month in allocation.months if month < current]
        if len(ended) < span:
            continue
        window = ended[-span:]
        if window == month_range(window[0], window[-1]) and not any(used[allocation.pk].get(m) for m in window):
            yield Due(
                object_id=allocation.pk, steps=(_step(window[-1]),), data={"first": window[0], "last": window[-1]}
            )


def _active_locked(allocation_id: int) -> Allocation | None:
    """The allocation, locked, while still active (it may have ended since the run began)."""
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("application", "pool")
        .filter(pk=allocation_id, status=AllocationStatus.ACTIVE)
        .first()
    )


def _nearly_used_send(due: Due, steps: list[str]) -> None:
    allocation = _active_locked(due.object_id)
    if allocation is not None:
        notifications.allocation_nearly_used(allocation=allocation, month=due.data["month"], used=due.data["used"])


def _unused_send(due: Due, steps: list[str]) -> None:
    allocation = _active_locked(due.object_id)
    if allocation is not None:
        notifications.allocation_unused(allocation=allocation, first=due.data["first"], last=due.data["last"])


register(Kind(key=NEARLY_USED, due=_nearly_used_due, send=_nearly_used_send))
register(Kind(key=UNUSED, due=_unused_due, send=_unused_send))
