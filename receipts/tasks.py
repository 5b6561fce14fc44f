"""Tasks of collections: the account-inquiry fetch and the daily virtual-account upkeep. Each calls
one service and is safe to run twice (transactions are kept once by their fingerprint)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services
from .bank_feed import BankFeedError, feed_accounts, feed_configured, feed_window, fetch_rows
from .models import TransactionSource, VirtualAccount

logger = logging.getLogger(__name__)
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@shared_task(bind=True, autoretry_for=(BankFeedError, *TRANSIENT_ERRORS), retry_backoff=60, retry_backoff_max=1800,
             retry_jitter=True, max_retries=5)
def bank_transactions_fetch_task(self) -> dict:
    """Fetch the recent transactions of each configured account from Popbill, keep the new ones and
    match them. Without Popbill credentials or accounts it does nothing and says so."""
    if not feed_configured():
        logger.info("receipts: the Popbill account inquiry is off (no credentials or RECEIPTS_POPBILL_ACCOUNTS)")
        return {"off": True}
    start, end = feed_window()
    known = set(VirtualAccount.objects.values_list("number", flat=True))
    summary = {}
    for account in feed_accounts():
        rows = fetch_rows(account=account, start=start, end=end, known_virtual_accounts=known)
        statement = services.statement_ingest(source=TransactionSource.POPBILL, account_number=account.number,
                                              rows=rows, filename="")
        matched = services.transactions_match(
            transaction_ids=list(statement.transactions.values_list("pk", flat=True)))
        summary[account.number] = {"rows": len(rows), "new": statement.created, "matched": matched}
    return summary


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=60, retry_jitter=True, max_retries=5)
def virtual_accounts_upkeep_task() -> dict:
    """Give every live lease a virtual account; release those of ended, settled leases; delete the files
    of bank-file previews never confirmed."""
    assigned, refusals = services.virtual_accounts_assign_live()
    released = services.virtual_accounts_release_settled()
    services.statement_pending_prune()
    for refusal in dict.fromkeys(refusals):
        logger.warning("receipts: %s", refusal)
    return {"assigned": assigned, "released": released}
