"""Celery tasks of GPU support: the daily run (declared in CELERY_BEAT_SCHEDULE). It calls one service and is
safe to run twice: an allocation ends once and each reminder is recorded before it is sent."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as KombuOperationalError

from . import services

TRANSIENT_ERRORS = (OperationalError, InterfaceError, KombuOperationalError, ConnectionError, TimeoutError)


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, retry_jitter=True, max_retries=5)
def allocations_daily_task() -> int:
    """End the allocations past their term and send the reminders due today; returns reminders sent."""
    return services.allocations_daily()
