"""What apps above billing add to what billing does and shows, registered at start-up (their
AppConfig.ready): the account a lease pays into (a virtual account), work in the transaction that issues
an invoice (its tax invoice), and sections of the tenant's billing page and of a billing run's page.
Billing imports none of them."""

from __future__ import annotations

from collections.abc import Callable

# (lease_id) -> {"bank": ..., "account": ..., "holder": ...} or None; the first answer wins.
PAYMENT_ACCOUNT_PROVIDERS: list[Callable[[int], dict | None]] = []
# (invoice, lines) -> None, called in the transaction that issues an invoice or credit note, after its lines
# are saved: what it writes commits or rolls back with the invoice. Keep it to a few statements (the month's
# run calls it once per lease).
INVOICE_ISSUED: list[Callable[[object, list], None]] = []
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


def company_page_sections(request, company) -> list[dict]:
    return [s for s in (section(request, company) for section in COMPANY_PAGE_SECTIONS) if s]


def run_page_sections(request, run) -> list[dict]:
    return [s for s in (section(request, run) for section in RUN_PAGE_SECTIONS) if s]
