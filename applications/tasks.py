"""Celery tasks of applications: the NTS status check."""

from celery import shared_task
from django.db import DatabaseError

from portal.providers.nts import NtsUnavailable

from .services_business import application_business_check


@shared_task(autoretry_for=(NtsUnavailable, DatabaseError), retry_backoff=60, retry_backoff_max=3600, max_retries=8,
             acks_late=True)
def application_business_check_task(application_id: int) -> str | None:
    """The NTS status check of a submitted application; a timeout retries with backoff."""
    return application_business_check(application_id=application_id)
