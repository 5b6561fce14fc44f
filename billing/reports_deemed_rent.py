"""The quarterly deemed-rent report of a lessor as XLSX (portal/exports.py), for the district's VAT return."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from portal.exports import register, xlsx_response

from .services.deemed_rent import deemed_rent_report


def _headers() -> list[str]:
    return [_("Building"), _("Unit"), _("Tenant"), _("Business registration number"), _("Lease start"),
            _("Lease end"), _("Deposit"), _("Days in the quarter"), _("Interest rate (% a year)"),
            _("Deemed rent"), _("VAT (10%)")]


@register("deemed-rent-xlsx")
def deemed_rent_xlsx(*, request: HttpRequest, lessor, year: int, quarter: int) -> HttpResponse:
    report = deemed_rent_report(lessor=lessor, year=year, quarter=quarter)
    rows = [[row.building, row.unit, row.tenant, row.business_registration_number, row.start, row.end, row.deposit,
             row.days, row.rate, row.deemed_rent, row.vat] for row in report.rows]
    rows.append([_("Total"), "", "", "", report.first, report.last, None, None, report.rate, report.deemed_rent,
                 report.vat])
    formats = {**dict.fromkeys((5, 6), "yyyy-mm-dd"), 7: "#,##0", 8: "0", 9: "0.000", 10: "#,##0", 11: "#,##0"}
    return xlsx_response(f"deemed-rent-{year}-Q{quarter}.xlsx", _headers(), rows,
                         sheet_title=f"{year} Q{quarter}", number_formats=formats)
