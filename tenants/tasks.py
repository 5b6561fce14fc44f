"""Celery tasks of tenants: the daily head-office relocation reminders and the lapse of unanswered offers."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5, acks_late=True)
def lease_relocation_reminders_send_task() -> int:
    return services.lease_relocation_reminders_send()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5, acks_late=True)
def offer_lapse_overdue_task() -> int:
    """Every quarter hour: close the unit offers whose answer deadline has passed (idempotent)."""
    return services.offer_lapse_overdue()
