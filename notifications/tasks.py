"""Celery tasks of notifications: send one e-mail, or many over one connection (a lost message is sent again by
portal.queue's sweep)."""

import smtplib

from celery import shared_task

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



@shared_task(acks_late=True)
def notification_send_emails_task(notification_ids: list[int]) -> int:
    """The e-mails of many notices (a group message's batch); one that fails goes on in its own task."""
    return services.notification_send_emails(notification_ids=notification_ids)
