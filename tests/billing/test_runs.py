"""The month's run: one task per lease active in the month; run twice, run twice at once, or with a
worker killed in the middle — always exactly one invoice per lease and month."""

import datetime
import os
import signal

import pytest
from django.conf import settings
from django.db.models import Count

from billing import services
from billing.models import BillingRun, Invoice
from billing.tasks import billing_run_monthly_task, invoice_issue_task
from tests.factories import BankBuildingFactory, BillingLeaseFactory, FloorFactory, UnitFactory
from tests.services import wait_for
from tests.tenants.concurrency import run_concurrently

# Statements of one lease's invoice in the month's run (in a test, each transaction adds a savepoint and its
# release); see test_each_invoice_of_the_run_costs_the_same_few_statements.
ISSUE_STATEMENTS = 21
REDELIVERED_STATEMENTS = 8
LATE_CHARGE_STATEMENTS = 4


def _leases(count: int, **kwargs):
    floor = FloorFactory(building=BankBuildingFactory())
    return [BillingLeaseFactory(unit=UnitFactory(floor=floor), **kwargs) for _ in range(count)]


def _one_invoice_per_lease(year=2026, month=12):
    per_lease = Invoice.objects.filter(year=year, month=month, kind="invoice").values("lease").annotate(n=Count("pk"))
    return {row["n"] for row in per_lease} == {1}


@pytest.mark.django_db
def test_the_run_bills_leases_active_during_the_month_only(django_capture_on_commit_callbacks):
    billed = _leases(2)
    ending = BillingLeaseFactory(start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 12, 10),
                                 status="ended")
    BillingLeaseFactory(start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 11, 30), status="ended")
    BillingLeaseFactory(status="draft")
    BillingLeaseFactory(status="terminated")
    BillingLeaseFactory(start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2029, 1, 1), status="signed")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.billing_run_start(year=2026, month=12, actor=None)
    assert sorted(run.lease_ids) == sorted([lease.pk for lease in billed] + [ending.pk])
    run.refresh_from_db()
    assert (run.total, run.issued, run.failed) == (3, 3, 0)
    assert run.finished_at is not None
    assert Invoice.objects.get(lease=ending).period_end == datetime.date(2026, 12, 10)


@pytest.mark.django_db
def test_running_twice_creates_one_invoice_per_lease(django_capture_on_commit_callbacks):
    _leases(3)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.billing_run_start(year=2026, month=12, actor=None)
    assert Invoice.objects.count() == 3
    assert _one_invoice_per_lease()
    assert [run.issued for run in BillingRun.objects.order_by("pk")] == [3, 3]


@pytest.mark.django_db
def test_a_task_delivered_twice_issues_once_and_counts_once():
    leases = _leases(2)
    run = BillingRun.objects.create(year=2026, month=12, lease_ids=[lease.pk for lease in leases], total=2)
    for _ in range(2):  # a retried task, or one delivered again after its worker died
        for lease in leases:
            invoice_issue_task.apply(kwargs={"lease_id": lease.pk, "year": 2026, "month": 12, "run_id": run.pk})
    assert Invoice.objects.count() == 2 and _one_invoice_per_lease()
    run.refresh_from_db()
    assert (run.issued, run.failed) == (2, 0) and run.finished_at is not None


@pytest.mark.django_db
def test_a_second_run_queues_only_the_leases_still_without_an_invoice(django_capture_on_commit_callbacks):
    first, second = _leases(2)
    services.invoice_issue_for_lease(lease_id=first.pk, year=2026, month=12)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.billing_run_start(year=2026, month=12, actor=None)
    assert len(callbacks) == 1
    assert (run.total, run.issued) == (2, 1)


@pytest.mark.django_db
def test_a_failure_is_reported_with_its_reason_and_cleared_by_a_later_success(django_capture_on_commit_callbacks):
    lease = _leases(1)[0]
    run = BillingRun.objects.create(year=2026, month=12, lease_ids=[lease.pk, 999_999], total=2)
    invoice_issue_task.apply(kwargs={"lease_id": 999_999, "year": 2026, "month": 12, "run_id": run.pk})
    invoice_issue_task.apply(kwargs={"lease_id": lease.pk, "year": 2026, "month": 12, "run_id": run.pk})
    run.refresh_from_db()
    assert (run.issued, run.failed) == (1, 1)
    assert "999999" in run.failures and run.failures["999999"]
    assert run.finished_at is not None


@pytest.mark.django_db
def test_a_lease_that_failed_and_then_succeeds_counts_as_issued_and_not_as_failed():
    lease, other = _leases(2)
    lease.status = "draft"
    lease.save(update_fields=["status"])
    run = BillingRun.objects.create(year=2026, month=12, lease_ids=[lease.pk, other.pk], total=2)
    task = {"year": 2026, "month": 12, "run_id": run.pk}
    invoice_issue_task.apply(kwargs={"lease_id": lease.pk, **task})
    run.refresh_from_db()
    assert (run.issued, run.failed, run.finished_at) == (0, 1, None)

    lease.status = "active"  # staff put the lease right and the run is resumed
    lease.save(update_fields=["status"])
    invoice_issue_task.apply(kwargs={"lease_id": lease.pk, **task})
    run.refresh_from_db()
    assert (run.issued, run.failed, run.failures, run.finished_at) == (1, 0, {}, None)
    invoice_issue_task.apply(kwargs={"lease_id": other.pk, **task})
    run.refresh_from_db()
    assert (run.issued, run.failed) == (2, 0) and run.finished_at is not None


@pytest.mark.django_db
def test_the_monthly_beat_task_starts_the_month_once(django_capture_on_commit_callbacks, monkeypatch):
    from django.utils import timezone

    _leases(2, start_date=datetime.date(2026, 1, 1))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert billing_run_monthly_task.apply().get() is not None
        assert billing_run_monthly_task.apply().get() is None
    assert BillingRun.objects.count() == 1
    assert Invoice.objects.filter(year=2026, month=12).count() == 2


def test_the_beat_schedule_runs_on_the_first_at_six_korea_time():
    entry = settings.CELERY_BEAT_SCHEDULE["billing-monthly-run"]
    assert entry["task"] == "billing.tasks.billing_run_monthly_task"
    assert entry["schedule"].day_of_month == {1} and entry["schedule"].hour == {6}
    assert entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Seoul"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_create_one_invoice_per_lease():
    _leases(8)
    results = run_concurrently(
        lambda: services.billing_run_start(year=2026, month=12, actor=None),
        lambda: services.billing_run_start(year=2026, month=12, actor=None),
    )
    assert [status for status, _value in results] == ["ok", "ok"], results
    assert Invoice.objects.count() == 8
    assert _one_invoice_per_lease()
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"INV-2026-12-{n:04d}" for n in range(1, 9)]
    # Whichever run attached an invoice, both runs count all eight and finish.
    assert [(run.issued, run.failed, run.finished_at is not None) for run in BillingRun.objects.all()] == [
        (8, 0, True), (8, 0, True)]


@pytest.mark.django_db(transaction=True)
def test_issuing_one_lease_at_the_same_time_returns_one_invoice():
    lease = _leases(1)[0]
    issue = lambda: services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12).pk  # noqa: E731
    results = run_concurrently(issue, issue, issue, issue)
    assert {value for _status, value in results} == {Invoice.objects.get().pk}


@pytest.mark.worker
def test_a_worker_killed_in_the_middle_of_the_run_leaves_exactly_one_invoice_per_lease(short_visibility_worker):
    worker = short_visibility_worker
    leases = _leases(30)
    run = services.billing_run_start(year=2026, month=12, actor=None)
    wait_for(lambda: Invoice.objects.count() >= 3, timeout=60, interval=0.01)
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)
    issued_when_killed = Invoice.objects.count()
    assert issued_when_killed < len(leases), "the run finished before the worker could be killed"
    worker.start()  # the same queue: the tasks left in it, and the one that was running, are delivered
    wait_for(lambda: Invoice.objects.count() == len(leases), timeout=90, interval=0.2)
    wait_for(lambda: BillingRun.objects.get(pk=run.pk).finished_at is not None, timeout=30)
    assert _one_invoice_per_lease()
    assert set(Invoice.objects.values_list("lease_id", flat=True)) == {lease.pk for lease in leases}
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"INV-2026-12-{n:04d}" for n in range(1, 31)]
    assert not Invoice.objects.filter(pdf_path="").exists()
    run.refresh_from_db()
    assert (run.issued, run.failed) == (30, 0)


def _worker_database_sessions() -> list:
    """The sessions open on the test database other than this process's own: the worker's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT backend_start FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return [row[0] for row in cursor.fetchall()]


def _run_e_mailed_through_a_worker(worker_with, *, leases: int, conn_max_age: str) -> None:
    _leases(leases)
    worker_with(DATABASE_CONN_MAX_AGE=conn_max_age)
    services.billing_run_start(year=2026, month=12, actor=None)
    wait_for(lambda: Invoice.objects.filter(emailed_at__isnull=False).count() == leases, timeout=60)


@pytest.mark.worker
def test_a_worker_issues_the_run_over_one_database_connection_when_conn_max_age_allows(worker_with):
    _run_e_mailed_through_a_worker(worker_with, leases=4, conn_max_age="60")
    first_issued = Invoice.objects.order_by("created_at").values_list("created_at", flat=True).first()
    # Eight tasks (four invoices, four e-mails) ran over the connection opened before the first invoice.
    sessions = _worker_database_sessions()
    assert len(sessions) == 1
    assert sessions[0] < first_issued


@pytest.mark.worker
def test_a_worker_closes_its_database_connection_after_each_task_when_conn_max_age_is_zero(worker_with):
    _run_e_mailed_through_a_worker(worker_with, leases=2, conn_max_age="0")
    wait_for(lambda: _worker_database_sessions() == [], timeout=10)


@pytest.mark.django_db
def test_each_invoice_of_the_run_costs_the_same_few_statements(django_assert_num_queries):
    """The run's time is mostly its statements per invoice: a fixed number whatever the run's size (the lease
    locked and read with its company, unit and lessor; whether it is invoiced and has late charges to bill, in
    one; the account it pays into; the number; the invoice, its history, lines and status; the tax invoice,
    its items and status; then the PDF attached, its e-mail recorded with its outbox entry, and the run
    counted). A lease with late
    charges to bill adds the few that bill them; a task delivered again reads and counts only."""
    leases = _leases(4)
    run = BillingRun.objects.create(year=2026, month=12, lease_ids=[lease.pk for lease in leases], total=4)

    def issue(lease, year=2026, month=12, today=datetime.date(2026, 12, 1)):
        return services.invoice_issue_for_lease(lease_id=lease.pk, year=year, month=month, today=today,
                                                run_id=run.pk)

    issue(leases[0])
    for lease in leases[1:3]:
        with django_assert_num_queries(ISSUE_STATEMENTS):
            issue(lease)
    with django_assert_num_queries(REDELIVERED_STATEMENTS):
        issue(leases[1])

    # January's invoice of a lease that paid nothing in December bills its late charge: a few more.
    services.late_charges_accrue(today=datetime.date(2027, 1, 1))
    with django_assert_num_queries(ISSUE_STATEMENTS + LATE_CHARGE_STATEMENTS):
        january = issue(leases[1], year=2027, month=1, today=datetime.date(2027, 1, 1))
    assert january.lines.filter(kind="late_charge").exists()
