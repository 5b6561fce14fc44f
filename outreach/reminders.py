"""Reminders as data: each kind says which objects are due for which steps today and how to tell them.

`reminders_send(kind=...)` records a `SentReminder` per (kind, object, step) before telling anyone, in the
same transaction as the notices; the unique triple makes a second run (or one running at the same moment,
which waits on the first's row and then finds it) send nothing again. When several steps fall due at once
(a run missed, a late draft), one notice goes and every step is recorded.

To add a kind: write `due(today) -> Iterable[Due]` (the steps due for each object, named so that a step
never repeats: "d-7", "assigned", "2026-H1:due") and `send(due, steps)` (the notice, from notifications.py),
`register(Kind(...))` them below, and add a beat entry calling `reminders_send_task(kind=<key>)` in
CELERY_BEAT_SCHEDULE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.models import Application
from applications.workflow import Status
from evaluations.models import Assignment, ScoringDeadline
from evaluations.selectors import evaluator_outstanding
from tenants.models import Company, PerformancePeriod
from tenants.selectors import company_list_missing_report

from . import notifications
from .models import SentReminder


@dataclass(frozen=True)
class Due:
    object_id: int
    steps: tuple[str, ...]
    data: dict  # what the notice needs beyond the object (days left, the deadline, the period)


@dataclass(frozen=True)
class Kind:
    key: str
    due: Callable[[dt.date], Iterable[Due]]
    send: Callable[[Due, list[str]], None]


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def reminders_send(*, kind: str, today: dt.date | None = None) -> int:
    """Send the reminders of `kind` due today (Korea time) that were not sent before; returns how many."""
    declared = KINDS[kind]
    today = today or timezone.localdate()
    return sum(_reminder_send(kind=declared, due=due) for due in list(declared.due(today)))


@transaction.atomic
def _reminder_send(*, kind: Kind, due: Due) -> int:
    created = [step for step in due.steps if _record(kind=kind.key, object_id=due.object_id, step=step)]
    if not created:
        return 0
    kind.send(due, created)
    return 1


def _record(*, kind: str, object_id: int, step: str) -> bool:
    try:
        with transaction.atomic():
            SentReminder.objects.create(kind=kind, object_id=object_id, step=step)
    except IntegrityError:
        return False
    return True


def _days_steps(days_left: int, thresholds: Iterable[int]) -> tuple[str, ...]:
    """The "d-N" steps reached with `days_left` days to go (every threshold at or above it)."""
    return tuple(f"d-{days}" for days in sorted(set(thresholds), reverse=True) if days_left <= days)


def _midnight_after(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


# ---------------------------------------------------------------------------------------------
# Applicants with an unsubmitted draft, OUTREACH_DRAFT_REMINDER_DAYS (7, 1) days before the call closes
# ---------------------------------------------------------------------------------------------

def _drafts_due(today: dt.date) -> Iterable[Due]:
    thresholds = settings.OUTREACH_DRAFT_REMINDER_DAYS
    if not thresholds:
        return
    drafts = Application.objects.filter(
        status=Status.DRAFT, applicant__is_active=True, call__closes_at__gt=timezone.now(),
        call__closes_at__lt=_midnight_after(today + dt.timedelta(days=max(thresholds))),
    ).values_list("pk", "call__closes_at").order_by("pk")
    for pk, closes_at in drafts:
        days_left = (timezone.localdate(closes_at) - today).days
        yield Due(object_id=pk, steps=_days_steps(days_left, thresholds), data={"days_left": days_left})


def _draft_send(due: Due, steps: list[str]) -> None:
    application = Application.objects.select_related("call", "applicant").get(pk=due.object_id)
    if application.status != Status.DRAFT:
        return  # submitted since the run began
    notifications.draft_reminder(application=application, days_left=due.data["days_left"])


register(Kind(key="application_draft", due=_drafts_due, send=_draft_send))


# ---------------------------------------------------------------------------------------------
# Evaluators: when assigned, and OUTREACH_SCORING_REMINDER_DAYS (3, 1) days before the scoring deadline
# of their call and stage while scorecards are unsubmitted
# ---------------------------------------------------------------------------------------------

def _assignments_due(today: dt.date) -> Iterable[Due]:
    thresholds = settings.OUTREACH_SCORING_REMINDER_DAYS
    assignments = list(Assignment.objects.filter(call__results_released_at__isnull=True, evaluator__is_active=True)
                       .values_list("pk", "call_id", "stage").order_by("pk"))
    if not assignments:
        return
    call_ids = sorted({call_id for _pk, call_id, _stage in assignments})
    deadlines = {(d.call_id, d.stage): d.due_on for d in ScoringDeadline.objects.filter(call_id__in=call_ids)}
    outstanding = {row["assignment_id"]: row["outstanding"]
                   for rows in evaluator_outstanding(call_ids=call_ids).values() for row in rows}
    for pk, call_id, stage in assignments:
        due_on = deadlines.get((call_id, stage))
        if due_on is not None and due_on < today:
            continue  # the stage's scoring is over: nothing to announce or remind
        steps = ("assigned",)
        days_left = (due_on - today).days if due_on else None
        if days_left is not None and thresholds and outstanding.get(pk, 0):
            steps += _days_steps(days_left, thresholds)
        yield Due(object_id=pk, steps=steps,
                  data={"due_on": due_on, "days_left": days_left, "outstanding": outstanding.get(pk, 0)})


def _assignment_send(due: Due, steps: list[str]) -> None:
    assignment = Assignment.objects.select_related("call", "evaluator").get(pk=due.object_id)
    if "assigned" in steps:  # the first notice names the deadline; no second one the same day
        notifications.evaluator_assigned(assignment=assignment, due_on=due.data["due_on"])
    else:
        notifications.scoring_reminder(assignment=assignment, due_on=due.data["due_on"],
                                       days_left=due.data["days_left"], outstanding=due.data["outstanding"])


register(Kind(key="evaluator", due=_assignments_due, send=_assignment_send))


# ---------------------------------------------------------------------------------------------
# Tenants: a half-yearly indicator report on its due date, and OUTREACH_INDICATOR_OVERDUE_DAYS (7) days
# after it while still missing
# ---------------------------------------------------------------------------------------------

def _reports_due(today: dt.date) -> Iterable[Due]:
    after = settings.OUTREACH_INDICATOR_OVERDUE_DAYS
    # A period is looked at from its due date until as long again after the second reminder (a run missed
    # is caught up; an old period is never announced late).
    periods = PerformancePeriod.objects.filter(due_on__lte=today, due_on__gt=today - dt.timedelta(days=2 * after + 1))
    for period in periods.order_by("due_on"):
        label = f"{period.year}-H{period.half}"
        steps = (f"{label}:due",)
        if today >= period.due_on + dt.timedelta(days=after):
            steps += (f"{label}:after-{after}",)
        companies = company_list_missing_report(year=period.year, half=period.half, started_by=period.ends_on)
        for company_id in companies.values_list("pk", flat=True):
            yield Due(object_id=company_id, steps=steps, data={"period_id": period.pk})


def _report_send(due: Due, steps: list[str]) -> None:
    company = Company.objects.get(pk=due.object_id)
    period = PerformancePeriod.objects.get(pk=due.data["period_id"])
    notifications.indicator_reminder(company=company, period=period,
                                     overdue=any(":after-" in step for step in steps))


register(Kind(key="indicator_report", due=_reports_due, send=_report_send))
