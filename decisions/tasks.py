"""Celery tasks of decisions: render a notice's PDF (a lost message is sent again by portal.queue's sweep)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

TRANSIENT = (OperationalError, InterfaceError, OSError)


@shared_task(autoretry_for=TRANSIENT, retry_backoff=10, retry_backoff_max=600, max_retries=6, acks_late=True)
def decision_notice_render_task(notice_id: int) -> bool:
    notice = services.decision_notice_render(notice_id=notice_id)
    return bool(notice and notice.pdf_path)
