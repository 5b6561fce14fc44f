"""Reminders: each is sent once, even when its task runs twice or two runs overlap (threads on PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from outreach.models import SentReminder
from outreach.reminders import reminders_send
from outreach.tasks import reminders_send_task
from tenants.models import PerformancePeriod, PerformanceReport
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CallFactory,
    ClosedCallFactory,
    LeaseFactory,
    MembershipFactory,
    ScorecardFactory,
    SubmittedApplicationFactory,
)

TODAY = dt.date(2026, 12, 1)


def _at(day: dt.date, hour: int = 18) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _notices(template: str, **filters) -> list[Notification]:
    return list(Notification.objects.filter(template=f"outreach/{template}", **filters))


def _call_closing_on(day: dt.date):
    return CallFactory(opens_at=_at(day - dt.timedelta(days=30)), closes_at=_at(day))


def test_applicants_with_a_draft_are_reminded_7_and_1_days_before_the_close_once_each(db, now_is):
    call = _call_closing_on(TODAY + dt.timedelta(days=7))
    draft = ApplicationFactory(call=call)
    SubmittedApplicationFactory(call=call)  # submitted: never reminded
    ApplicationFactory(call=_call_closing_on(TODAY + dt.timedelta(days=20)))  # too early yet

    now_is(TODAY)
    assert reminders_send_task(kind="application_draft") == 1
    assert reminders_send_task(kind="application_draft") == 0  # the task again: nothing twice
    now_is(TODAY + dt.timedelta(days=3))
    assert reminders_send(kind="application_draft") == 0  # between the two steps
    now_is(TODAY + dt.timedelta(days=6))
    assert reminders_send(kind="application_draft") == 1
    assert reminders_send(kind="application_draft") == 0

    notices = _notices("draft_reminder")
    assert [n.recipient for n in notices] == [draft.applicant] * 2
    assert sorted(n.context["days_left"] for n in notices) == [1, 7]
    assert all(call.code in n.title and n.email_status == "pending" for n in notices)  # e-mailed after commit


def test_evaluators_are_told_when_assigned_then_3_and_1_days_before_their_deadline_while_cards_wait(db, now_is):
    from evaluations.models import ScoringDeadline

    call = ClosedCallFactory()
    assignment = AssignmentFactory(call=call, stage=1)
    done = AssignmentFactory(call=call, stage=1)
    application = SubmittedApplicationFactory(call=call, status="stage1")
    ScorecardFactory(evaluator=done.evaluator, application=application, stage=1)
    ScoringDeadline.objects.create(call=call, stage=1, due_on=TODAY + dt.timedelta(days=10))

    now_is(TODAY)
    assert reminders_send(kind="evaluator") == 2  # both are told of their assignment
    assert reminders_send(kind="evaluator") == 0
    now_is(TODAY + dt.timedelta(days=7))
    assert reminders_send(kind="evaluator") == 1  # only the one whose scorecard is not submitted
    assert reminders_send(kind="evaluator") == 0
    now_is(TODAY + dt.timedelta(days=9))
    assert reminders_send(kind="evaluator") == 1
    now_is(TODAY + dt.timedelta(days=11))
    assert reminders_send(kind="evaluator") == 0  # the deadline passed

    assert len(_notices("evaluator_assigned")) == 2
    reminders = _notices("scoring_reminder")
    assert {n.recipient for n in reminders} == {assignment.evaluator}
    assert sorted(n.context["days_left"] for n in reminders) == [1, 3]
    assert reminders[0].context["outstanding"] == 1


def test_tenants_are_reminded_of_a_missing_indicator_report_on_its_due_date_and_7_days_after(db, now_is):
    start = dt.date(2026, 3, 1)
    missing = LeaseFactory(start_date=start, end_date=dt.date(2028, 2, 29))
    reported = LeaseFactory(start_date=start, end_date=dt.date(2028, 2, 29))
    LeaseFactory(start_date=dt.date(2026, 8, 1), end_date=dt.date(2028, 7, 31))  # moved in after the half-year
    owner = MembershipFactory(company=missing.company, role="owner").user
    MembershipFactory(company=missing.company, role="member")  # members are not reminded
    MembershipFactory(company=reported.company, role="owner")
    PerformanceReport.objects.create(
        company=reported.company,
        year=2026,
        half=1,
        employees=20,
        foreign_employees=1,
        revenue=1,
        investment=0,
        patents_filed=0,
        patents_granted=0,
    )
    PerformancePeriod.objects.create(year=2026, half=1, due_on=TODAY)

    now_is(TODAY - dt.timedelta(days=1))
    assert reminders_send(kind="indicator_report") == 0
    now_is(TODAY)
    assert reminders_send(kind="indicator_report") == 1
    assert reminders_send(kind="indicator_report") == 0
    now_is(TODAY + dt.timedelta(days=7))
    assert reminders_send_task(kind="indicator_report") == 1
    assert reminders_send_task(kind="indicator_report") == 0

    notices = _notices("indicator_reminder")
    assert [n.recipient for n in notices] == [owner, owner]
    assert sorted(n.context["overdue"] for n in notices) == [False, True]


def _five_drafts_closing_tomorrow():
    call = _call_closing_on(TODAY + dt.timedelta(days=1))
    drafts = [ApplicationFactory(call=call) for _n in range(5)]
    # both steps reached at once (7 and 1 days) are recorded, one notice tells them
    return "draft_reminder", [d.applicant_id for d in drafts], 2


def _five_evaluators_due_tomorrow():
    from evaluations.models import ScoringDeadline

    call = ClosedCallFactory()
    SubmittedApplicationFactory(call=call, status="stage1")  # a card each evaluator has yet to submit
    assignments = [AssignmentFactory(call=call, stage=1) for _n in range(5)]
    ScoringDeadline.objects.create(call=call, stage=1, due_on=TODAY + dt.timedelta(days=1))
    # "assigned", 3 and 1 days before: recorded together, one notice (the assignment's, naming the deadline)
    return "evaluator_assigned", [a.evaluator_id for a in assignments], 3


def _five_companies_a_week_late():
    start = dt.date(2026, 3, 1)
    leases = [LeaseFactory(start_date=start, end_date=dt.date(2028, 2, 29)) for _n in range(5)]
    owners = [MembershipFactory(company=lease.company, role="owner").user for lease in leases]
    PerformancePeriod.objects.create(year=2026, half=1, due_on=TODAY - dt.timedelta(days=7))
    # the due date and 7 days after: recorded together, one notice (overdue)
    return "indicator_reminder", [owner.pk for owner in owners], 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("kind", "setup"),
    [
        ("application_draft", _five_drafts_closing_tomorrow),
        ("evaluator", _five_evaluators_due_tomorrow),
        ("indicator_report", _five_companies_a_week_late),
    ],
)
def test_two_runs_at_the_same_moment_send_each_reminder_once(now_is, kind, setup):
    """Two threads, each with its own PostgreSQL connection, run the same reminders at once."""
    assert connection.vendor == "postgresql"
    template, recipient_ids, steps_each = setup()
    now_is(TODAY)
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            results.append(reminders_send(kind=kind))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == len(recipient_ids)
    notices = list(Notification.objects.filter(template__startswith="outreach/"))
    assert {n.template for n in notices} == {f"outreach/{template}"}
    assert sorted(n.recipient_id for n in notices) == sorted(recipient_ids)
    assert SentReminder.objects.filter(kind=kind).count() == steps_each * len(recipient_ids)
