"""Celery tasks of privacy: the retention of the access log."""

from celery import shared_task

from .access_log import access_log_prune


@shared_task
def access_log_prune_task() -> int:
    """Delete access-log rows past PRIVACY_ACCESS_LOG_RETENTION_DAYS (daily, CELERY_BEAT_SCHEDULE)."""
    return access_log_prune()
