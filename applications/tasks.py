"""Celery tasks of applications: the retention of unsuccessful applications' documents."""

from celery import shared_task
from django.db import DatabaseError

from .retention import application_documents_destroy, application_ids_due_for_destruction


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def application_documents_destroy_due_task() -> int:
    """Destroy what is due, one application per transaction; running it twice destroys nothing more."""
    return sum(application_documents_destroy(application_id=pk) for pk in application_ids_due_for_destruction())
