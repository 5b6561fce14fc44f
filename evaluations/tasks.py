"""Celery tasks of evaluations: tell one applicant the call's result; sweep what a lost message left."""

from celery import shared_task
from django.db import OperationalError

from portal.queue import enqueue

from . import services

TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError)


@shared_task(
    autoretry_for=TRANSIENT_ERRORS, retry_backoff=5, retry_backoff_max=600, retry_jitter=True, max_retries=8,
    acks_late=True,
)
def result_notify_task(application_id: int) -> bool:
    return services.application_result_notify(application_id=application_id)


@shared_task
def result_notify_pending_task() -> int:
    ids = services.result_notice_list_pending_ids()
    for application_id in ids:
        enqueue(result_notify_task, application_id=application_id)
    return len(ids)
