"""Celery tasks of privacy: the retention schedule's daily run."""

from celery import shared_task
from django.db import DatabaseError

from .retention import retention_run


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=5)
def retention_run_task() -> int:
    """Destroy what each retention rule finds past its period and register it (daily, CELERY_BEAT_SCHEDULE);
    running it twice destroys nothing more."""
    return retention_run()
