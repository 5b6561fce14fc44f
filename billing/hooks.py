"""What apps above billing add to what billing shows, registered at start-up (their AppConfig.ready):
the account a lease pays into (a virtual account) and sections of the tenant's billing page.
Billing imports none of them."""

from __future__ import annotations

from collections.abc import Callable

# (lease_id) -> {"bank": ..., "account": ..., "holder": ...} or None; the first answer wins.
PAYMENT_ACCOUNT_PROVIDERS: list[Callable[[int], dict | None]] = []
# (request, company) -> {"template": ..., **context} or None, shown in order on /billing/<company>/.
COMPANY_PAGE_SECTIONS: list[Callable[[object, object], dict | None]] = []


def payment_account_for_lease(lease_id: int) -> dict | None:
    for provider in PAYMENT_ACCOUNT_PROVIDERS:
        account = provider(lease_id)
        if account:
            return account
    return None


def company_page_sections(request, company) -> list[dict]:
    return [s for s in (section(request, company) for section in COMPANY_PAGE_SECTIONS) if s]
