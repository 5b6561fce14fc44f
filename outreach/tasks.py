"""Celery tasks of outreach: deliver a group message (a lost message is sent again by portal.queue's sweep)
and the reminders' daily runs (declared in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.db import OperationalError

from . import reminders, services

TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError)


@shared_task(
    autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, retry_backoff_max=600, retry_jitter=True, max_retries=8,
    acks_late=True,
)
def group_message_deliver_task(message_id: int) -> int:
    return services.group_message_deliver(message_id=message_id)


@shared_task(acks_late=True)
def reminders_send_task(kind: str) -> int:
    return reminders.reminders_send(kind=kind)
