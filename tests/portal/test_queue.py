"""The outbox (portal/queue.py): every queued side effect is recorded with the caller's write, marked done by its
task, and sent again by one bounded, idempotent sweep; nothing in the portal queues work around it."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from billing.tasks import invoice_email_task
from notifications.models import EmailStatus, Notification
from notifications.services import notification_create
from portal.models import PendingTask
from portal.queue import enqueue_on_commit, pending_task_key, pending_tasks_send
from tests.factories import UserFactory
from tests.services import pending_tasks_age

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ["accounts", "applications", "billing", "evaluations", "exemptions", "notifications", "portal",
            "premises", "tenants", "bench"]


def test_nothing_queues_a_task_around_the_outbox():
    """A new task cannot be forgotten by the sweep: the only way to queue one is enqueue_on_commit."""
    offenders = []
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            if path == ROOT / "portal" / "queue.py" or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"\.(apply_async|delay|send_task|signature|s)\(", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_sweep_is_scheduled_in_the_one_schedule(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "portal.tasks.pending_tasks_send_task" in scheduled
    # The domain sweeps it replaces are gone: one mechanism.
    assert not {name for name in scheduled if name.endswith("_pending_task")}


@pytest.mark.django_db
def test_a_queued_side_effect_is_recorded_with_the_write_and_done_when_its_task_succeeds(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notification_create(recipient=user, template="portal/test_message")
    record = PendingTask.objects.get()
    assert record.name == "notifications.tasks.notification_send_email_task"
    assert record.kwargs == {"notification_id": notification.pk} and record.done_at is None
    for callback in callbacks:  # the commit
        callback()
    assert Notification.objects.get(pk=notification.pk).email_status == EmailStatus.SENT
    assert PendingTask.objects.get().done_at is not None
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_no_record():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_create(recipient=user, template="portal/test_message")
        raise RuntimeError
    assert not PendingTask.objects.exists()


@pytest.mark.django_db
def test_the_same_work_is_recorded_once_and_queuing_it_again_rearms_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(invoice_email_task, invoice_id=999_999)  # no such invoice: done, nothing to send
    assert PendingTask.objects.get().done_at is not None
    with django_capture_on_commit_callbacks(execute=False):
        enqueue_on_commit(invoice_email_task, invoice_id=999_999)
    record = PendingTask.objects.get()
    assert record.done_at is None and record.key == pending_task_key(invoice_email_task.name, {"invoice_id": 999_999})


@pytest.mark.django_db
def test_the_sweep_is_bounded_per_run_and_gives_up_after_the_last_attempt(settings, django_capture_on_commit_callbacks,
                                                                          monkeypatch):
    from billing import services

    settings.PORTAL_TASK_SWEEP_BATCH = 2
    settings.PORTAL_TASK_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost all three
        for invoice_id in (1, 2, 3):
            enqueue_on_commit(invoice_email_task, invoice_id=invoice_id)

    def broken(*, invoice_id):
        raise ValueError(f"cannot render {invoice_id}")

    monkeypatch.setattr(services, "invoice_email", broken)
    monkeypatch.setattr(invoice_email_task, "apply_async",
                        lambda kwargs, **options: invoice_email_task.apply(kwargs=kwargs, throw=False))
    pending_tasks_age()
    assert pending_tasks_send() == 2  # at most PORTAL_TASK_SWEEP_BATCH per run
    assert pending_tasks_send() == 1
    assert pending_tasks_send() == 0  # each was sent within the last ten minutes
    assert set(PendingTask.objects.values_list("last_error", flat=True)) == {
        f"ValueError: cannot render {n}" for n in (1, 2, 3)}
    pending_tasks_age()
    assert pending_tasks_send() == 2
    assert pending_tasks_send() == 1
    pending_tasks_age()
    assert pending_tasks_send() == 0  # two attempts each: left for staff to see in the admin
    assert set(PendingTask.objects.values_list("attempts", flat=True)) == {2}


@pytest.mark.django_db
def test_done_records_are_deleted_after_their_retention(settings):
    settings.PORTAL_TASK_DONE_RETENTION_DAYS = 30
    now = timezone.now()
    for days, name in ((31, "old"), (29, "recent")):
        PendingTask.objects.create(name=name, key=name, created_at=now - timedelta(days=days),
                                   done_at=now - timedelta(days=days))
    pending_tasks_send()
    assert list(PendingTask.objects.values_list("name", flat=True)) == ["recent"]
