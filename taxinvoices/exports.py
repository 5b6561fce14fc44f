"""The Hometax bulk-issue file as a download (through portal/exports.py, so its cells stay text)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from portal.exports import register, xlsx_response

from .hometax import PREAMBLE, SHEET_TITLE, hometax_file_rows


@register("tax-invoices-hometax")
def hometax_file_xlsx(*, request: HttpRequest, lessor, year: int, month: int) -> HttpResponse:
    header, rows, _count = hometax_file_rows(lessor_id=lessor.pk, year=year, month=month)
    digits = "".join(ch for ch in lessor.business_registration_number if ch.isdigit())
    return xlsx_response(f"hometax-{digits}-{year}-{month:02d}.xlsx", header, rows, sheet_title=SHEET_TITLE,
                         preamble=PREAMBLE)
