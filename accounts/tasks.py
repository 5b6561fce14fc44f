"""Celery tasks of accounts: the e-mail of a password-reset request, sent after the response."""

from celery import shared_task

from .notifications import account_password_reset_send


@shared_task(acks_late=True)
def password_reset_send_task(event_id: int) -> bool:
    return account_password_reset_send(event_id=event_id)
