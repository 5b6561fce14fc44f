"""Celery tasks of notifications: send one e-mail, or many over one connection; both retry with backoff when
the mail server or the database is away for a moment (a lost message is sent again by portal.queue's sweep)."""

import smtplib

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from portal.errors import DATABASE_ERRORS

from . import services

MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)
# Errors worth another attempt: the mail server or the database away for a moment (as billing's tasks).
TRANSIENT_ERRORS = (*DATABASE_ERRORS, *MAIL_ERRORS)
BACKOFF, BACKOFF_MAX = 5, 600


@shared_task(
    bind=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=BACKOFF, retry_backoff_max=BACKOFF_MAX,
    retry_jitter=True, max_retries=8, acks_late=True,
)
def notification_send_email_task(self, notification_id: int) -> bool:
    try:
        return services.notification_send_email(notification_id=notification_id)
    except MAIL_ERRORS as exc:  # the server refuses to the end: the e-mail is failed (not for a database error)
        if self.request.retries >= self.max_retries:
            services.notification_mark_failed(notification_id=notification_id, error=str(exc))
        raise


@shared_task(
    bind=True, autoretry_for=DATABASE_ERRORS, retry_backoff=BACKOFF, retry_backoff_max=BACKOFF_MAX,
    retry_jitter=True, max_retries=8, acks_late=True, outbox_key_ignores=("delivered",),
)
def notification_send_emails_task(self, notification_ids: list[int], delivered: list[int] | None = None) -> int:
    """The e-mails of many notices (a group message's batch); one that fails goes on in its own task. A
    database error runs the batch again after a while: e-mails marked sent are skipped, and those the mail
    server took just before the error (`delivered`) are marked sent, not sent again."""
    try:
        return services.notification_send_emails(notification_ids=notification_ids, delivered=delivered or [])
    except services.EmailBatchInterrupted as exc:
        countdown = get_exponential_backoff_interval(factor=BACKOFF, retries=self.request.retries,
                                                     maximum=BACKOFF_MAX, full_jitter=True)
        raise self.retry(exc=exc.__cause__, countdown=countdown,
                         kwargs={"notification_ids": notification_ids, "delivered": exc.delivered}) from exc
