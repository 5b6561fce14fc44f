"""The issuer of tax invoices, chosen by the setting TAXINVOICE_ISSUER: "hometax" (default) or "popbill".

An issuer is a small class with the methods below; the services call only these, never a provider's SDK.
To add one: a module here with a class like `HometaxIssuer`, and its name in `ISSUERS`.

- `available() -> str`: "" when it can work, else why not (shown to staff: the portal runs and says what is off);
- `automatic`: True when the portal issues by itself after commit (Popbill); False when staff issue
  through a file (Hometax), in which case `issue`, `send`, `check` and `cancel` are never called;
- `issue(tax_invoice) -> str`: issue it; returns the approval number when the issuer gives one at once;
- `send(tax_invoice)`: transmit it to the NTS now;
- `check(tax_invoice) -> NtsAnswer`: where the NTS stands with it;
- `cancel(tax_invoice, reason)`: withdraw an issued one the NTS has not received.

Transient failures (the network, the provider's server) raise `IssuerUnavailable`; refusals (bad data, a
document the provider does not know) raise `IssuerRefused` with the provider's message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from portal.exceptions import DomainError

ISSUERS = {
    "hometax": "taxinvoices.issuers.hometax.HometaxIssuer",
    "popbill": "taxinvoices.issuers.popbill.PopbillIssuer",
}


class IssuerUnavailable(Exception):
    """The provider could not be reached or answered with a server error: worth another attempt."""


class IssuerRefused(DomainError):
    """The provider refused the request: another attempt would be refused too."""


@dataclass(frozen=True)
class NtsAnswer:
    state: str  # "pending", "accepted", "failed" or "cancelled"
    approval_number: str = ""
    message: str = ""


def issuer_get(name: str | None = None):
    name = name or settings.TAXINVOICE_ISSUER
    if name not in ISSUERS:
        raise DomainError(f"Unknown tax-invoice issuer {name!r}; choose one of {sorted(ISSUERS)}.", code="issuer")
    return import_string(ISSUERS[name])()
