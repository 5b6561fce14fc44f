"""What apps above billing add to what billing does and shows, registered at start-up (their
AppConfig.ready): the account a lease pays into (a virtual account), work in the transaction that issues
an invoice (its tax invoice), the closed months that payments are refused in unless recorded as adjustments
(collections' month close), and sections of the tenant's billing page and of a billing run's page.
Billing imports none of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

# (lease_id) -> {"bank": ..., "account": ..., "holder": ...} or None; the first answer wins.
PAYMENT_ACCOUNT_PROVIDERS: list[Callable[[int], dict | None]] = []
# (invoice, lines) -> None, called in the transaction that issues an invoice or credit note, after its lines
# are saved: what it writes commits or rolls back with the invoice. Keep it to a few statements (the month's
# run calls it once per lease).
INVOICE_ISSUED: list[Callable[[object, list], None]] = []
# (paid_on) -> the name of the closed period holding that date ("2026-11"), or None while it is open.
CLOSED_PERIODS: list[Callable[[dt.date], str | None]] = []
# (payment, reason, actor) -> None, called in the transaction that records a payment dated in a closed period
# (with the reason staff gave): its adjustment entry there.
PAYMENT_ADJUSTED: list[Callable[[object, str, object], None]] = []
# (request, company) -> {"template": ..., **context} or None, shown in order on /billing/<company>/.
COMPANY_PAGE_SECTIONS: list[Callable[[object, object], dict | None]] = []
# (request, run) -> {"template": ..., **context} or None, shown in order on a billing run's admin page.
RUN_PAGE_SECTIONS: list[Callable[[object, object], dict | None]] = []


def payment_account_for_lease(lease_id: int) -> dict | None:
    for provider in PAYMENT_ACCOUNT_PROVIDERS:
        account = provider(lease_id)
        if account:
            return account
    return None


def invoice_issued(invoice, lines) -> None:
    for hook in INVOICE_ISSUED:
        hook(invoice, lines)


def closed_period(paid_on: dt.date) -> str | None:
    for check in CLOSED_PERIODS:
        name = check(paid_on)
        if name:
            return name
    return None


def payment_adjusted(payment, reason: str, actor) -> None:
    for hook in PAYMENT_ADJUSTED:
        hook(payment, reason, actor)


def company_page_sections(request, company) -> list[dict]:
    return [s for s in (section(request, company) for section in COMPANY_PAGE_SECTIONS) if s]


def run_page_sections(request, run) -> list[dict]:
    return [s for s in (section(request, run) for section in RUN_PAGE_SECTIONS) if s]
