"""Celery tasks of the portal itself: the sweep of the outbox (see portal/queue.py)."""

from celery import shared_task

from .queue import pending_tasks_send


@shared_task
def pending_tasks_send_task() -> int:
    """Send again what the broker did not take or lost (every two minutes, CELERY_BEAT_SCHEDULE)."""
    return pending_tasks_send()
