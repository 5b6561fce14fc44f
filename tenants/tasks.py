"""Celery tasks of tenants: the daily head-office relocation reminders, the lapse of unanswered offers, the
monthly NTS business-status check."""

from celery import shared_task
from django.db import OperationalError

from portal.providers.nts import NtsUnavailable

from . import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5, acks_late=True)
def lease_relocation_reminders_send_task() -> int:
    return services.lease_relocation_reminders_send()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5, acks_late=True)
def offer_lapse_overdue_task() -> int:
    """Every quarter hour: close the unit offers whose answer deadline has passed (idempotent)."""
    return services.offer_lapse_overdue()


@shared_task(autoretry_for=(NtsUnavailable, OperationalError), retry_backoff=300, retry_backoff_max=6 * 3600,
             max_retries=8, acks_late=True)
def companies_business_check_task() -> int | None:
    """Monthly: the NTS status of every tenant; a timeout retries with backoff."""
    return services.companies_business_check()
