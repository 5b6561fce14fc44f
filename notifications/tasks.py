"""Celery tasks of notifications: send one e-mail; sweep the outbox for what is pending."""

import smtplib

from celery import shared_task

from portal.queue import enqueue

from . import services

TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(
    bind=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, retry_backoff_max=600,
    retry_jitter=True, max_retries=8, acks_late=True,
)
def notification_send_email_task(self, notification_id: int) -> bool:
    try:
        return services.notification_send_email(notification_id=notification_id)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            services.notification_mark_failed(notification_id=notification_id, error=str(exc))
        raise


@shared_task
def notification_dispatch_pending_task() -> int:
    ids = services.notification_list_pending_ids()
    for notification_id in ids:
        enqueue(notification_send_email_task, notification_id=notification_id)
    return len(ids)
