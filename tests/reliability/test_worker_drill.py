"""Worker drill: a worker killed (SIGKILL) while sending notification e-mails, then restarted, loses none
and sends none twice (acks_late, reject_on_worker_lost, the broker's visibility timeout, an idempotent send)."""

import json

import pytest
import redis
from django.conf import settings
from django.db import transaction

from notifications.models import EmailStatus, Notification
from notifications.services import notification_create
from tests.factories import UserFactory
from tests.reliability.drills import RedisServer, celery_broker, slow_smtp_sink
from tests.services import Worker, wait_for

# A message a dead worker held becomes visible again after 5 s (production: an hour), checked every second.
DRILL_TRANSPORT_OPTIONS = {"visibility_timeout": 5, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


def _worker(*, broker_url: str, smtp_port: int, queue: str | None = None) -> Worker:
    worker = Worker(
        database_name=settings.DATABASES["default"]["NAME"],
        extra_env={
            "CELERY_BROKER_URL": broker_url,
            "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps(DRILL_TRANSPORT_OPTIONS),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
        },
    )
    if queue:  # a restarted worker consumes the queue of the one it replaces
        worker.queue = worker.env["CELERY_TASK_DEFAULT_QUEUE"] = queue
        worker.log_path = worker.log_path.with_name(f"worker-{queue}-restarted.log")
    return worker


def test_the_task_settings_that_the_drill_relies_on():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    # A message held by a dead worker comes back within five minutes, never while its task may still run.
    assert settings.CELERY_TASK_TIME_LIMIT < settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= 300
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_throttle"] == 1


@pytest.mark.worker
def test_a_killed_worker_loses_no_email_and_sends_none_twice(transactional_db):
    broker = RedisServer().start()
    first = second = None
    try:
        with slow_smtp_sink(delay=0.7) as sink:
            first = _worker(broker_url=broker.url, smtp_port=sink.port)
            with celery_broker(broker.url, first.queue):
                first.start()
                users = [UserFactory(preferred_language="ko") for _ in range(6)]
                with transaction.atomic():
                    for user in users:
                        notification_create(recipient=user, template="portal/test_message")

                # Kill the worker while it is talking to the mail server about the third e-mail.
                wait_for(lambda: len(sink.messages) >= 2 and sink.busy, timeout=60, interval=0.02)
                first.kill()
                sent_before_the_crash = len(sink.messages)
                assert sent_before_the_crash < len(users)
                pending = Notification.objects.filter(email_status=EmailStatus.PENDING).count()
                assert pending == len(users) - sent_before_the_crash  # the e-mail in flight was rolled back

                second = _worker(broker_url=broker.url, smtp_port=sink.port, queue=first.queue).start()
                wait_for(
                    lambda: not Notification.objects.filter(email_status=EmailStatus.PENDING).exists(),
                    timeout=120, interval=0.5,
                )
                # Wait until the broker holds nothing for the queue: no late redelivery can follow.
                client = redis.Redis.from_url(broker.url)
                wait_for(lambda: client.llen(first.queue) == 0 and client.hlen("unacked") == 0, timeout=60)

                recipients = sorted(message["To"] for message in sink.messages)
                assert recipients == sorted(user.email for user in users)  # each exactly once, none lost
                assert Notification.objects.filter(email_status=EmailStatus.SENT).count() == len(users)
    finally:
        for worker in (first, second):
            if worker:
                worker.stop()
        broker.stop()


@pytest.mark.worker
def test_a_killed_pool_process_requeues_its_task_at_once(transactional_db):
    """reject_on_worker_lost: the task of a pool child killed mid-send is requeued without waiting for the
    broker's visibility timeout (left at its production value of five minutes here)."""
    import os
    import signal

    from tests.reliability.drills import PreforkWorker

    broker = RedisServer().start()
    worker = None
    try:
        with slow_smtp_sink(delay=0.7) as sink:
            base = Worker(
                database_name=settings.DATABASES["default"]["NAME"],
                extra_env={
                    "CELERY_BROKER_URL": broker.url,
                    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "EMAIL_HOST": "127.0.0.1",
                    "EMAIL_PORT": str(sink.port),
                },
            )
            worker = PreforkWorker(base)
            with celery_broker(broker.url, base.queue):
                worker.start()
                users = [UserFactory(preferred_language="en") for _ in range(4)]
                with transaction.atomic():
                    for user in users:
                        notification_create(recipient=user, template="portal/test_message")
                wait_for(lambda: len(sink.messages) >= 1 and sink.busy, timeout=60, interval=0.02)
                [child] = worker.children()
                os.kill(child, signal.SIGKILL)
                wait_for(
                    lambda: not Notification.objects.filter(email_status=EmailStatus.PENDING).exists(),
                    timeout=60, interval=0.5,
                )
                client = redis.Redis.from_url(broker.url)
                wait_for(lambda: client.llen(base.queue) == 0 and client.hlen("unacked") == 0, timeout=30)
                assert sorted(message["To"] for message in sink.messages) == sorted(user.email for user in users)
                assert "WorkerLostError" in base.log() or "SIGKILL" in base.log()
    finally:
        if worker:
            worker.stop()
        broker.stop()
