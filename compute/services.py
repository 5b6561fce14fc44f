"""Writes of GPU support: an allocation's creation, workflow and adjustments, the usage of a month, and the
daily run (allocations past their term end; reminders of nearly used and unused months, each sent once).

A month's usage never exceeds the allocation's GPU-hours per month: `usage_record` locks the allocation's
row before it adds up the month and writes, so concurrent reports (the grantee's form, an import) wait for
each other and the second sees the first. The pool's row is locked the same way while an allocation takes or
changes its hours, so the allocations of a month never exceed the pool's capacity.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Outcome
from applications.workflow import Status as ApplicationStatus
from outreach.reminders import reminders_send
from portal.exceptions import DomainError
from portal.formatting import format_hours, format_month
from portal.numbering import number_take
from portal.validators import format_business_registration_number
from portal.workflow import status_change_record, transition_apply
from tenants.models import Company

from . import notifications, reminders
from .models import (
    Adjustment,
    Allocation,
    CapacityPool,
    UsageReport,
    UsageSource,
    month_first,
    month_next,
    month_range,
)
from .workflow import ALLOCATION_OPEN_STATUSES, ALLOCATION_WORKFLOW, AllocationStatus

# Usage is recorded on an allocation that runs or has run (a month reported after the term ended).
USAGE_STATUSES = (AllocationStatus.ACTIVE, AllocationStatus.ENDED)


def _used_by_month(allocation_id: int) -> dict[dt.date, Decimal]:
    rows = (UsageReport.objects.filter(allocation_id=allocation_id).order_by().values("month")
            .annotate(used=Sum("hours")).values_list("month", "used"))
    return dict(rows)


def month_used(*, allocation_id: int, month: dt.date) -> Decimal:
    used = UsageReport.objects.filter(allocation_id=allocation_id, month=month).aggregate(total=Sum("hours"))["total"]
    return used or Decimal(0)


# ---------------------------------------------------------------------------------------------
# Allocations: created from a selected application, checked against the pool's capacity
# ---------------------------------------------------------------------------------------------

def _pool_taken(*, pool_id: int, months: list[dt.date], exclude_pk: int | None = None) -> dict[dt.date, int]:
    """GPU-hours the pool's open allocations hold in each of `months`."""
    if not months:
        return {}
    others = Allocation.objects.filter(pool_id=pool_id, status__in=ALLOCATION_OPEN_STATUSES,
                                       starts_on__lt=month_next(months[-1]),
                                       ends_on__gte=months[0])
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = dict.fromkeys(months, 0)
    for starts_on, ends_on, hours in others.values_list("starts_on", "ends_on", "hours_per_month"):
        for month in month_range(starts_on, ends_on):
            if month in taken:
                taken[month] += hours
    return taken


def allocation_terms_check(*, pool: CapacityPool, hours_per_month: int | None, starts_on: dt.date | None,
                           ends_on: dt.date | None, exclude_pk: int | None = None) -> None:
    """The term lies in the pool's period and the pool has the hours in every month of it (DomainError with
    the field). Forms call it for the message beside the field; the services call it again under the lock."""
    if not hours_per_month or hours_per_month < 1:
        raise DomainError(_("Enter at least 1 GPU-hour per month."), code="hours", field="hours_per_month")
    if starts_on is None or ends_on is None:
        return
    if ends_on < starts_on:
        raise DomainError(_("The term must end on or after the day it starts."), code="term", field="ends_on")
    if month_first(starts_on) < month_first(pool.starts_on):
        raise DomainError(_("The pool's period starts in %(month)s.") % {"month": format_month(pool.starts_on)},
                          code="term", field="starts_on")
    if month_first(ends_on) > month_first(pool.ends_on):
        raise DomainError(_("The pool's period ends in %(month)s.") % {"month": format_month(pool.ends_on)},
                          code="term", field="ends_on")
    if hours_per_month > pool.hours_per_month:
        raise DomainError(_("The pool offers %(hours)s GPU-hours a month in all.") % {
            "hours": format_hours(pool.hours_per_month)}, code="capacity", field="hours_per_month")
    taken = _pool_taken(pool_id=pool.pk, months=month_range(starts_on, ends_on), exclude_pk=exclude_pk)
    short = [(month, pool.hours_per_month - held) for month, held in taken.items()
             if held + hours_per_month > pool.hours_per_month]
    if short:
        month, free = short[0]
        raise DomainError(
            _("The pool has only %(free)s GPU-hours left in %(month)s (of %(total)s).") % {
                "free": format_hours(max(free, 0)), "month": format_month(month),
                "total": format_hours(pool.hours_per_month)},
            code="capacity", field="hours_per_month")


def pool_change_check(*, pool: CapacityPool, hours_per_month: int, starts_on: dt.date, ends_on: dt.date) -> None:
    """A pool's new hours and period still hold its open allocations (DomainError with the field)."""
    allocations = list(pool.allocations.filter(status__in=ALLOCATION_OPEN_STATUSES).order_by("starts_on"))
    for allocation in allocations:
        if month_first(allocation.starts_on) < month_first(starts_on):
            raise DomainError(_("Allocation %(number)s starts in %(month)s.") % {
                "number": allocation.number, "month": format_month(allocation.starts_on)}, code="period",
                field="starts_on")
        if month_first(allocation.ends_on) > month_first(ends_on):
            raise DomainError(_("Allocation %(number)s runs until %(month)s.") % {
                "number": allocation.number, "month": format_month(allocation.ends_on)}, code="period",
                field="ends_on")
    months = sorted({month for allocation in allocations for month in allocation.months})
    taken = _pool_taken(pool_id=pool.pk, months=month_range(months[0], months[-1]) if months else [])
    busiest = max(taken.items(), key=lambda item: item[1], default=None)
    if busiest is not None and busiest[1] > hours_per_month:
        raise DomainError(_("Allocations already hold %(hours)s GPU-hours in %(month)s.") % {
            "hours": format_hours(busiest[1]), "month": format_month(busiest[0])}, code="capacity",
            field="hours_per_month")


def allocation_application_check(*, application: Application, pool: CapacityPool) -> None:
    """The application is selected, in a GPU programme, the pool's, and holds no open allocation."""
    programme = application.call.programme
    if programme.outcome != Outcome.GPU_ALLOCATION:
        raise DomainError(_("The application's programme does not give GPU allocations."), code="programme",
                          field="application")
    if application.status != ApplicationStatus.SELECTED:
        raise DomainError(_("Only a selected application receives an allocation."), code="not_selected",
                          field="application")
    if pool.programme_id != programme.pk:
        raise DomainError(_("Choose a pool of the application's programme."), code="pool", field="pool")
    if Allocation.objects.filter(application=application, status__in=ALLOCATION_OPEN_STATUSES).exists():
        raise DomainError(_("This application already has an allocation."), code="open_allocation",
                          field="application")


def grantee_company(*, application: Application) -> Company | None:
    """The tenant company with the application's business registration number, if there is one."""
    number = application.business_registration_number
    if not number:
        return None
    return Company.objects.filter(business_registration_number=format_business_registration_number(number)).first()


@transaction.atomic
def allocation_create(*, application: Application, pool: CapacityPool, hours_per_month: int, starts_on: dt.date,
                      ends_on: dt.date, actor) -> Allocation:
    """A proposed allocation for a selected application of a GPU programme; staff activate it."""
    pool = CapacityPool.objects.select_for_update().get(pk=pool.pk)
    application = Application.objects.select_related("call__programme").get(pk=application.pk)
    allocation_application_check(application=application, pool=pool)
    allocation_terms_check(pool=pool, hours_per_month=hours_per_month, starts_on=starts_on, ends_on=ends_on)
    sequence = number_take(series="compute-allocation", year=starts_on.year)
    allocation = Allocation.objects.create(
        number=f"GPU-{starts_on.year}-{sequence:04d}", pool=pool, application=application,
        company=grantee_company(application=application), hours_per_month=hours_per_month, starts_on=starts_on,
        ends_on=ends_on, created_by=actor,
    )
    status_change_record(instance=allocation, to_status=AllocationStatus.PROPOSED, actor=actor, name="create")
    return allocation


def allocation_activate(*, allocation: Allocation, actor) -> Allocation:
    with transaction.atomic():
        allocation = transition_apply(workflow=ALLOCATION_WORKFLOW, instance=allocation, name="activate", actor=actor)
        notifications.allocation_activated(allocation=allocation)
    return allocation


def allocation_end(*, allocation: Allocation, actor, reason: str) -> Allocation:
    """End an active allocation before its term: the term ends with the current month (usage of the months
    gone stays reportable)."""
    today = timezone.localdate()
    ends_on = min(max(today, allocation.starts_on), allocation.ends_on)
    changes = {"ends_on": ends_on} if ends_on != allocation.ends_on else {}
    return transition_apply(workflow=ALLOCATION_WORKFLOW, instance=allocation, name="end", actor=actor,
                            reason=reason, changes=changes)


def allocation_cancel(*, allocation: Allocation, actor, reason: str) -> Allocation:
    """Cancel an allocation: its hours go back to the pool. One with usage recorded is ended instead."""

    def no_usage(locked: Allocation) -> None:
        if UsageReport.objects.filter(allocation_id=locked.pk).exists():
            raise DomainError(_("Usage has been recorded on this allocation: end it instead of cancelling it."),
                              code="has_usage")

    return transition_apply(workflow=ALLOCATION_WORKFLOW, instance=allocation, name="cancel", actor=actor,
                            reason=reason, check=no_usage)


@transaction.atomic
def allocation_adjust(*, allocation: Allocation, actor, hours_per_month: int, ends_on: dt.date,
                      reason: str) -> Allocation:
    """Change an open allocation's GPU-hours per month or the end of its term, recording who, when, from, to and
    why. Never below a month's usage already recorded, never beyond the pool."""
    from portal.workflow import require_district_staff

    locked = Allocation.objects.select_for_update().select_related("pool").get(pk=allocation.pk)
    require_district_staff(actor)
    ALLOCATION_WORKFLOW.check_actor(locked, actor, "staff")
    reason = (reason or "").strip()
    if locked.status not in ALLOCATION_OPEN_STATUSES:
        raise DomainError(_("Only a proposed or active allocation can be adjusted."), code="closed")
    if not reason:
        raise DomainError(_("Please give a reason or message."), code="reason_required", field="reason")
    if hours_per_month == locked.hours_per_month and ends_on == locked.ends_on:
        raise DomainError(_("Change the GPU-hours or the end of the term."), code="unchanged",
                          field="hours_per_month")
    pool = CapacityPool.objects.select_for_update().get(pk=locked.pool_id)
    used = _used_by_month(locked.pk)
    busiest = max(used.values(), default=Decimal(0))
    if hours_per_month < busiest:
        raise DomainError(_("A month has already used %(used)s GPU-hours: the allocation cannot be smaller.") % {
            "used": format_hours(busiest)}, code="below_usage", field="hours_per_month")
    last_used = max(used, default=None)
    if last_used is not None and month_first(ends_on) < last_used:
        raise DomainError(_("Usage is recorded for %(month)s: the term cannot end before it.") % {
            "month": format_month(last_used)}, code="below_usage", field="ends_on")
    allocation_terms_check(pool=pool, hours_per_month=hours_per_month, starts_on=locked.starts_on, ends_on=ends_on,
                           exclude_pk=locked.pk)
    Adjustment.objects.create(allocation=locked, hours_from=locked.hours_per_month, hours_to=hours_per_month,
                              ends_from=locked.ends_on, ends_to=ends_on, reason=reason, adjusted_by=actor)
    locked.hours_per_month, locked.ends_on = hours_per_month, ends_on
    locked.save(update_fields=["hours_per_month", "ends_on", "updated_at"])
    return locked


# ---------------------------------------------------------------------------------------------
# Usage of a month
# ---------------------------------------------------------------------------------------------

def usage_check(*, allocation: Allocation, month: dt.date, hours: Decimal, used: Decimal | None = None,
                today: dt.date | None = None) -> None:
    """The month is one of the term's up to this one and the hours fit what remains of it (DomainError with
    the field). `used` is the month's usage so far when the caller has it."""
    today = today or timezone.localdate()
    if allocation.status not in USAGE_STATUSES:
        raise DomainError(_("Usage can be reported once the allocation is active."), code="not_active")
    if month not in allocation.months:
        raise DomainError(_("%(month)s is not in the allocation's term.") % {"month": format_month(month)},
                          code="month", field="month")
    if month > month_first(today):
        raise DomainError(_("%(month)s has not started yet.") % {"month": format_month(month)}, code="month",
                          field="month")
    if hours is None or hours <= 0:
        raise DomainError(_("Enter the GPU-hours used, more than 0."), code="hours", field="hours")
    if used is None:
        used = month_used(allocation_id=allocation.pk, month=month)
    remaining = allocation.hours_per_month - used
    if hours > remaining:
        raise DomainError(
            _("Only %(remaining)s GPU-hours remain for %(month)s (of %(total)s).") % {
                "remaining": format_hours(max(remaining, 0)), "month": format_month(month),
                "total": format_hours(allocation.hours_per_month)},
            code="exceeds_remaining", field="hours")


@transaction.atomic
def usage_record(*, allocation_id: int, month: dt.date, hours: Decimal, source: str, actor,
                 usage_import=None) -> UsageReport:
    """Add `hours` to the month's usage, or raise DomainError when they exceed what remains of it. The
    allocation's row stays locked until the caller's transaction ends, so two reports never both fit."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation_id)
    usage_check(allocation=allocation, month=month, hours=hours)
    return UsageReport.objects.create(allocation=allocation, month=month, hours=hours, source=source,
                                      reported_by=actor, usage_import=usage_import)


def usage_report_by_grantee(*, allocation: Allocation, month: dt.date, hours: Decimal, actor) -> UsageReport:
    return usage_record(allocation_id=allocation.pk, month=month, hours=hours, source=UsageSource.GRANTEE,
                        actor=actor)


# ---------------------------------------------------------------------------------------------
# The daily run
# ---------------------------------------------------------------------------------------------

def allocations_expire(*, today: dt.date) -> int:
    """End the active allocations whose term is over (SYSTEM); returns how many."""
    ended = 0
    for pk in Allocation.objects.filter(status=AllocationStatus.ACTIVE, ends_on__lt=today).values_list("pk",
                                                                                                        flat=True):
        with transaction.atomic():
            allocation = Allocation.objects.select_for_update().get(pk=pk)
            if allocation.status == AllocationStatus.ACTIVE and allocation.ends_on < today:
                transition_apply(workflow=ALLOCATION_WORKFLOW, instance=allocation, name="expire", actor=None)
                ended += 1
    return ended


def allocation_reminders_send(*, today: dt.date) -> int:
    """Each reminder due today to the grantees of active allocations, once per allocation, kind and month
    (compute/reminders.py, recorded as outreach's sent reminders). Returns how many were sent."""
    return sum(reminders_send(kind=kind, today=today) for kind in reminders.KINDS)


def allocations_daily(*, today: dt.date | None = None) -> int:
    """The daily run: end allocations past their term, then send the reminders due. Returns reminders sent."""
    today = today or timezone.localdate()
    allocations_expire(today=today)
    return allocation_reminders_send(today=today)
