"""Celery tasks of tax invoices: issue one through the configured issuer, and check the NTS's answer (asked
again with backoff while it is pending). Each takes ids and calls one service; a check that runs out of
attempts stays pending in the outbox, whose sweep sends it again (docs/architecture.md, "The outbox")."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as KombuOperationalError

from . import services
from .issuers import IssuerUnavailable

TRANSIENT_ERRORS = (OperationalError, InterfaceError, KombuOperationalError, ConnectionError, TimeoutError,
                    IssuerUnavailable)
# The NTS answers within minutes to hours: ask after 1, 2, 4 … minutes, at most an hour apart, for about a day.
CHECK_BACKOFF_SECONDS = 60
CHECK_BACKOFF_MAX = 3600
CHECK_MAX_RETRIES = 30


@shared_task(acks_late=True, reject_on_worker_lost=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=30,
             retry_backoff_max=1800, retry_jitter=True, max_retries=8)
def tax_invoice_issue_task(tax_invoice_id: int) -> str | None:
    """Issue a draft and send it to the NTS (nothing when already done). Safe to run twice."""
    tax_invoice = services.tax_invoice_issue(tax_invoice_id=tax_invoice_id)
    return tax_invoice.status if tax_invoice else None


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, autoretry_for=TRANSIENT_ERRORS,
             retry_backoff=CHECK_BACKOFF_SECONDS, retry_backoff_max=CHECK_BACKOFF_MAX, retry_jitter=True,
             max_retries=CHECK_MAX_RETRIES)
def tax_invoice_check_task(self, tax_invoice_id: int) -> str | None:
    """Record the NTS's answer; while it is pending, ask again later (backoff). Safe to run twice."""
    answer = services.tax_invoice_check(tax_invoice_id=tax_invoice_id)
    if answer is not None and answer.state == "pending":
        countdown = min(CHECK_BACKOFF_SECONDS * 2 ** self.request.retries, CHECK_BACKOFF_MAX)
        raise self.retry(countdown=countdown)
    return answer.state if answer else None

