"""Celery tasks of exemptions: issue a document (a lost message is sent again by portal.queue's sweep),
the daily lease check, reminders of a stay's end and the deletion of sensitive data past retention."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

TRANSIENT = (OperationalError, InterfaceError, OSError)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=10, retry_backoff_max=600, max_retries=6, acks_late=True)
def document_issue_task(request_id: int) -> str | None:
    document = services.document_issue(request_id=request_id)
    return document.number if document else None


@shared_task(autoretry_for=TRANSIENT, retry_backoff=30, max_retries=5, acks_late=True)
def document_revoke_ended_leases_task() -> int:
    return services.documents_revoke_for_ended_leases()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=30, max_retries=5, acks_late=True)
def stay_reminders_send_task() -> int:
    return services.stay_reminders_send()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=30, max_retries=5, acks_late=True)
def request_due_reminders_send_task() -> int:
    return services.request_due_reminders_send()
