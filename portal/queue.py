"""The outbox: every side effect the portal queues is recorded in the caller's transaction, sent to the
broker after commit, marked done when its task succeeds, and sent again by one sweep when it was lost.

How to queue work: `enqueue_on_commit(some_task, id=...)` from a service. That is all: the record, the
sending after commit, the bounded wait on a dead broker and the recovery come with it, for any task.
Tasks must be idempotent (they re-fetch by id and check the work is still needed), since the sweep may
send a task again while its first message is still on its way.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from datetime import timedelta

from celery.signals import task_prerun
from django.conf import settings
from django.core.signals import request_started
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from .documents import NO_DISK_WAIT
from .models import PendingTask

logger = logging.getLogger(__name__)

BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError)

# Whether the broker has failed once in the current request (or task, or sweep) of this thread: the
# rest of what it queues is left to the sweep instead of trying the broker again for each item.
_broker = threading.local()


def broker_failed() -> bool:
    """True when the broker could not be reached in this request: what it queued waits for the sweep."""
    return getattr(_broker, "failed", False)


def broker_failure_forget(**kwargs) -> None:
    """Each request, task and sweep tries the broker afresh."""
    _broker.failed = False


request_started.connect(broker_failure_forget, dispatch_uid="portal.queue.broker_failure_forget")
task_prerun.connect(broker_failure_forget, weak=False)


def pending_task_key(name: str, kwargs: dict) -> str:
    return hashlib.sha256(f"{name}:{json.dumps(kwargs, sort_keys=True, default=str)}".encode()).hexdigest()


def _send(task, kwargs: dict) -> bool:
    """Hand the task to the broker once, without retrying; False when the broker is unavailable."""
    if broker_failed() and not task.app.conf.task_always_eager:
        return False
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except BROKER_ERRORS as exc:
        _broker.failed = True
        logger.warning("broker unavailable, %s(%s) and what follows it left for the sweep: %s",
                       task.name, kwargs, exc)
        return False
    return True


def enqueue_on_commit(task, **kwargs) -> None:
    """Record `task` with its keyword arguments in the current transaction and send it once that commits
    (immediately outside a transaction). With the broker down the request goes on: the record stays
    pending and `pending_tasks_send` sends it later."""
    enqueue_each_on_commit(task, [kwargs])


def enqueue_each_on_commit(task, kwargs_list: list[dict]) -> None:
    """`enqueue_on_commit` for many calls of one task (a month's run): one statement records them all.
    Recording the same task and arguments again re-arms the record (a run resumed)."""
    now = timezone.now()
    PendingTask.objects.bulk_create(
        [PendingTask(name=task.name, kwargs=kwargs, key=pending_task_key(task.name, kwargs), created_at=now)
         for kwargs in kwargs_list],
        update_conflicts=True, unique_fields=["key"],
        update_fields=["created_at", "sent_at", "attempts", "last_error", "done_at"],
    )
    for kwargs in kwargs_list:
        transaction.on_commit(lambda kwargs=kwargs: _send(task, kwargs))


def pending_task_settle(task=None, kwargs=None, state=None, retval=None, **extra) -> None:
    """After each task (portal/celery_app.py): one that succeeded is done; one that failed or will retry
    keeps its error for the admin."""
    if task is None or state not in ("SUCCESS", "FAILURE", "RETRY"):
        return
    # The arguments a task's retry adds to its own message (`outbox_key_ignores` of the task) are not the record's.
    ignored = getattr(task, "outbox_key_ignores", ())
    kwargs = {name: value for name, value in (kwargs or {}).items() if name not in ignored}
    pending = PendingTask.objects.filter(key=pending_task_key(task.name, kwargs), done_at__isnull=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A mark lost in a crash only lets the sweep send an idempotent task again, so this commit need not
            # wait for the disk (a synchronous commit per task was most of a short task's time).
            with connection.cursor() as cursor:
                cursor.execute(NO_DISK_WAIT)
        if state == "SUCCESS":
            pending.update(done_at=timezone.now())
        else:
            pending.update(last_error=f"{type(retval).__name__}: {retval}"[:1000])


def pending_tasks_send(*, now=None) -> int:
    """The sweep: send again the pending tasks recorded (or last sent) more than
    PORTAL_TASK_SWEEP_AFTER_SECONDS ago, at most PORTAL_TASK_SWEEP_BATCH per run and
    PORTAL_TASK_MAX_ATTEMPTS times each; stop at the first broker failure. Returns how many were sent.
    Done records older than PORTAL_TASK_DONE_RETENTION_DAYS are deleted."""
    from celery import current_app

    now = now or timezone.now()
    broker_failure_forget()
    current_app.loader.import_default_modules()  # every app's tasks registered, wherever this runs
    cutoff = now - timedelta(seconds=settings.PORTAL_TASK_SWEEP_AFTER_SECONDS)
    due = (PendingTask.objects.filter(done_at__isnull=True, attempts__lt=settings.PORTAL_TASK_MAX_ATTEMPTS)
           .annotate(last=Coalesce("sent_at", "created_at")).filter(last__lte=cutoff)
           .order_by("created_at", "id")[:settings.PORTAL_TASK_SWEEP_BATCH])
    sent = []
    for record in due:
        task = current_app.tasks.get(record.name)
        if task is None:
            PendingTask.objects.filter(pk=record.pk).update(
                attempts=settings.PORTAL_TASK_MAX_ATTEMPTS, last_error=f"unknown task {record.name}")
            continue
        if not _send(task, record.kwargs):
            break
        sent.append(record.pk)
    PendingTask.objects.filter(pk__in=sent).update(sent_at=now, attempts=F("attempts") + 1)
    expired = now - timedelta(days=settings.PORTAL_TASK_DONE_RETENTION_DAYS)
    old = PendingTask.objects.filter(done_at__lt=expired).values_list("pk", flat=True)[:10000]
    PendingTask.objects.filter(pk__in=list(old)).delete()
    return len(sent)


def pending_tasks_adopt(apps, task_name: str, kwargs_list) -> int:
    """For an app's data migration: record work queued before the outbox existed, so the sweep sees it
    (historical models; work already recorded is left as it is)."""
    model = apps.get_model("portal", "PendingTask")
    now = timezone.now()
    created = model.objects.bulk_create(
        [model(name=task_name, kwargs=kwargs, key=pending_task_key(task_name, kwargs), created_at=now)
         for kwargs in kwargs_list],
        ignore_conflicts=True,
    )
    return len(created)
