"""A worker killed (SIGKILL) in the middle of the month's billing run, and a second beat started by mistake,
on the two-node drill (its broker options at the drill's scale: a dead worker's messages are delivered again
after 4 s instead of production's five minutes, a dead beat's lock expires after 3 s instead of 30)."""

import time
import uuid

import pytest
import redis
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from billing import services
from billing.models import BillingRun, Invoice
from tests.factories import BankBuildingFactory, BillingLeaseFactory, FloorFactory, UnitFactory
from tests.reliability.drills import celery_broker
from tests.services import wait_for

# The nodes cache content types and permissions by id: each test ends by restoring the rows they had.
pytestmark = [pytest.mark.nodes, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_worker_killed_mid_billing_run_is_restarted_and_the_run_completes_with_nothing_doubled(
    cluster, mail_sink
):
    floor = FloorFactory(building=BankBuildingFactory())
    leases = [BillingLeaseFactory(unit=UnitFactory(floor=floor)) for _ in range(24)]
    mail_sink.messages.clear()
    broker = redis.Redis.from_url(cluster.broker_url)
    with celery_broker(cluster.broker_url, cluster.queue):
        run = services.billing_run_start(year=2026, month=12)

    wait_for(lambda: Invoice.objects.count() >= 4, timeout=60, interval=0.02)
    worker = cluster.celery_workers[0]
    worker.kill()
    killed_at = time.monotonic()
    assert BillingRun.objects.get(pk=run.pk).finished_at is None  # killed in the middle of the run
    time.sleep(1)
    cluster.celery_workers[0] = worker = cluster.start_worker("a")
    wait_for(lambda: cluster.worker_ready(worker), timeout=60, interval=0.2)

    wait_for(lambda: BillingRun.objects.get(pk=run.pk).finished_at is not None, timeout=90, interval=0.2)
    run.refresh_from_db()
    assert (run.total, run.issued, run.failed) == (24, 24, 0)
    wait_for(lambda: len(mail_sink.messages) >= 24, timeout=90, interval=0.2)
    completed = time.monotonic() - killed_at
    # Nothing held any more: no late delivery can follow.
    wait_for(lambda: broker.hlen("unacked") == 0 and broker.llen(cluster.queue) == 0, timeout=30)
    time.sleep(1)

    assert Invoice.objects.count() == 24
    assert sorted(Invoice.objects.values_list("lease_id", flat=True)) == sorted(lease.pk for lease in leases)
    recipients = sorted(message["To"] for message in mail_sink.messages)
    assert recipients == sorted(lease.company.billing_contact_email for lease in leases)  # each once
    # The PDFs the workers rendered are in the object store, which both nodes read.
    assert set(Invoice.objects.values_list("pdf_path", flat=True)) <= cluster.object_keys("portal-private")
    assert completed < 60


def test_two_beats_send_each_periodic_task_once_and_the_second_takes_over_when_the_first_dies(
    cluster
):
    queue = f"beat-drill-{uuid.uuid4().hex[:8]}"  # nobody consumes it: the messages are counted there
    PeriodicTask.objects.create(
        name="beat drill", task="portal.tasks.pending_tasks_send_task", queue=queue,
        interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS),
    )
    first = cluster.beat_processes[0]
    second = cluster.beat_process("2").start()
    try:
        wait_for(lambda: "standing by" in second.log() or "standing by" in first.log(), timeout=60, interval=0.2)
        broker = redis.Redis.from_url(cluster.broker_url)
        wait_for(lambda: broker.llen(queue) >= 1, timeout=30, interval=0.05)
        start, sent_before = time.monotonic(), broker.llen(queue)
        time.sleep(5)
        sent = broker.llen(queue) - sent_before
        rate = sent / (time.monotonic() - start)
        assert 0.6 <= rate <= 1.3, f"{sent} messages in 5 s with two beats"  # once a second, not twice

        holder, standby = (first, second) if "lock taken" in first.log() else (second, first)
        holder.kill()
        wait_for(lambda: standby.log().count("lock taken") >= 1, timeout=15, interval=0.2)
        taken, before = time.monotonic(), broker.llen(queue)
        time.sleep(3)
        rate = (broker.llen(queue) - before) / (time.monotonic() - taken)
        assert 0.6 <= rate <= 1.3  # the survivor sends, once a second
    finally:
        second.stop()
        PeriodicTask.objects.filter(name="beat drill").delete()
