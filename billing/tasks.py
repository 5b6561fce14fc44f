"""Celery tasks of billing: issue one lease's invoice, e-mail an invoice, start the month's run,
the daily overdue marking and reminders. Each takes ids and calls one service."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from portal.exceptions import DomainError

from . import services

logger = logging.getLogger(__name__)

# Errors worth another attempt: the database or the broker away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, KombuOperationalError, ConnectionError, TimeoutError)


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=2,
    retry_backoff_max=120, retry_jitter=True, max_retries=6,
)
def invoice_issue_task(self, lease_id: int, year: int, month: int, run_id: int | None = None) -> int | None:
    """Issue (or find) the month's invoice of a lease and count it in its run. Safe to run twice."""
    try:
        invoice = services.invoice_issue_for_lease(lease_id=lease_id, year=year, month=month, run_id=run_id)
    except DomainError as exc:
        if run_id:
            services.billing_run_record(run_id=run_id, lease_id=lease_id, error=str(exc))
        return None
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries and run_id:
            services.billing_run_record(run_id=run_id, lease_id=lease_id, error=str(exc))
        raise
    except Exception as exc:
        logger.exception("invoice of lease %s for %s-%02d failed", lease_id, year, month)
        if run_id:
            services.billing_run_record(run_id=run_id, lease_id=lease_id, error=f"{type(exc).__name__}: {exc}")
        raise
    return invoice.pk


@shared_task(
    acks_late=True, reject_on_worker_lost=True,
    autoretry_for=(*TRANSIENT_ERRORS, smtplib.SMTPException, OSError), retry_backoff=5, retry_backoff_max=600,
    retry_jitter=True, max_retries=8,
)
def invoice_email_task(invoice_id: int) -> bool:
    """Send the invoice PDF to the billing contact (once; the e-mail itself retries in notifications)."""
    return services.invoice_email(invoice_id=invoice_id)


@shared_task(
    acks_late=True, reject_on_worker_lost=True, autoretry_for=(*TRANSIENT_ERRORS, OSError), retry_backoff=5,
    retry_backoff_max=600, retry_jitter=True, max_retries=8,
)
def invoice_pdf_render_task(invoice_id: int) -> None:
    """Render and attach the PDF of an invoice or credit note that has none yet (safe to run twice)."""
    services.invoice_pdf_render(invoice_id=invoice_id)


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, max_retries=5)
def billing_run_monthly_task() -> int | None:
    """On the 1st of the month (Korea time): the month's run, unless one has already been started."""
    from .models import BillingRun

    today = timezone.localdate()
    if BillingRun.objects.filter(year=today.year, month=today.month).exists():
        return None
    return services.billing_run_start(year=today.year, month=today.month, actor=None).pk


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, max_retries=5)
def invoice_reminders_send_task() -> int:
    return services.invoice_reminders_send()


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30, max_retries=5)
def late_charges_accrue_task() -> int:
    """Every night (Korea time): bring every overdue invoice's late charge up to today. Safe to run twice."""
    return services.late_charges_accrue()
