"""The offline issuer: staff download the month's Hometax bulk-issue file, upload it on Hometax, and record
Hometax's result file back (taxinvoices.hometax)."""

from __future__ import annotations

from ..models import Issuer


class HometaxIssuer:
    name = Issuer.HOMETAX
    automatic = False

    def available(self) -> str:
        return ""
