"""Celery tasks of evaluations: tell one applicant the call's result (a lost message is sent again by
portal.queue's sweep)."""

from celery import shared_task
from django.db import OperationalError

from . import services

TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError)


@shared_task(
    autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, retry_backoff_max=600, retry_jitter=True, max_retries=8,
    acks_late=True,
)
def result_notify_task(application_id: int) -> bool:
    return services.application_result_notify(application_id=application_id)

