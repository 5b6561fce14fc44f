"""Billing outbox drill: with the broker down staff start a month's run and get an answer at once; the work is
recorded in the database; with the broker back the sweep sends it, a real worker issues every invoice and
the e-mails go out, and a second sweep sends nothing more."""

import logging
import time

import pytest

from billing import services
from billing.models import BillingRun, Invoice
from portal.models import PendingTask
from portal.queue import pending_tasks_send
from tests.factories import BankBuildingFactory, BillingLeaseFactory, FloorFactory, UnitFactory, UserFactory
from tests.reliability.drills import celery_broker
from tests.services import free_port, pending_tasks_age, wait_for

START_URL = "/admin/billing/billingrun/start/"


def _leases(count: int):
    floor = FloorFactory(building=BankBuildingFactory())
    return [BillingLeaseFactory(unit=UnitFactory(floor=floor)) for _ in range(count)]


def _closed_port_broker() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there: every connection is refused


@pytest.fixture
def superuser_client(client, transactional_db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_starting_a_run_with_the_broker_down_answers_at_once_and_records_every_lease(
    superuser_client, caplog, capsys
):
    leases = _leases(600)
    with celery_broker(_closed_port_broker(), "drill-billing"), caplog.at_level(logging.WARNING, "portal.queue"):
        started = time.monotonic()
        response = superuser_client.post(START_URL, {"month": "2026-12", "confirm": "yes"}, follow=True)
        elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\n[billing outbox drill] run of 600 leases started with the broker down in {elapsed:.2f} s")
    assert response.status_code == 200
    assert "작업 대기열에 연결할 수 없습니다" in response.content.decode()
    assert elapsed < 3  # one refused connection, not one per lease (the recording itself takes most of it)
    assert len([r for r in caplog.records if r.name == "portal.queue"]) == 1  # the broker was tried once
    run = BillingRun.objects.get()
    assert (run.total, run.issued) == (600, 0)
    pending = PendingTask.objects.filter(name="billing.tasks.invoice_issue_task", done_at__isnull=True)
    assert sorted(task.kwargs["lease_id"] for task in pending) == sorted(lease.pk for lease in leases)


@pytest.mark.worker
def test_the_sweep_sends_a_run_left_by_a_broker_outage_and_a_worker_issues_and_emails_every_invoice(
    superuser_client, smtp, celery_worker
):
    leases = _leases(12)
    with celery_broker(_closed_port_broker(), celery_worker.queue):
        superuser_client.post(START_URL, {"month": "2026-12", "confirm": "yes"})
    run = BillingRun.objects.get()
    assert PendingTask.objects.filter(done_at__isnull=True).count() == 12
    time.sleep(1)
    assert Invoice.objects.count() == 0  # nothing reached the worker

    # The broker is back (the worker's own); the sweep leaves records younger than ten minutes alone.
    assert pending_tasks_send() == 0
    pending_tasks_age()
    assert pending_tasks_send() == 12
    wait_for(lambda: BillingRun.objects.get(pk=run.pk).finished_at is not None, timeout=120)
    run.refresh_from_db()
    assert (run.issued, run.failed) == (12, 0)
    wait_for(lambda: len(smtp.messages) == 12, timeout=120)
    assert {m["To"] for m in smtp.messages} == {lease.company.billing_contact_email for lease in leases}
    wait_for(lambda: not PendingTask.objects.filter(done_at__isnull=True).exists(), timeout=30)

    # A second sweep (and a third, later) sends nothing more; nothing is issued or mailed twice.
    assert pending_tasks_send() == 0
    pending_tasks_age(60)
    assert pending_tasks_send() == 0
    time.sleep(1)
    assert len(smtp.messages) == 12 and Invoice.objects.count() == 12


@pytest.mark.worker
def test_an_invoice_email_lost_to_a_broker_outage_is_sent_by_the_sweep(smtp, celery_worker):
    (lease,) = _leases(1)
    with celery_broker(_closed_port_broker(), celery_worker.queue):
        invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12)
    # The e-mail is recorded with the PDF; sending it waits in the outbox for the broker.
    assert invoice.pdf_path and Invoice.objects.get(pk=invoice.pk).emailed_at is not None
    assert PendingTask.objects.get(done_at__isnull=True).name == "notifications.tasks.notification_send_email_task"
    # Issuing the month again finds the invoice and does not send it: the record does.
    services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12)

    pending_tasks_age()
    assert pending_tasks_send() == 1
    wait_for(lambda: len(smtp.messages) == 1, timeout=60)
    assert smtp.messages[0]["To"] == lease.company.billing_contact_email
    wait_for(lambda: not PendingTask.objects.filter(done_at__isnull=True).exists(), timeout=30)
    pending_tasks_age(60)
    assert pending_tasks_send() == 0
    time.sleep(1)
    assert len(smtp.messages) == 1
