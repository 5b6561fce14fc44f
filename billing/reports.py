"""Staff reports of billing: the monthly report as CSV and XLSX, and the billed-versus-collected
chart as a server-rendered SVG (no script)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.exports import csv_response, register, xlsx_response

from . import selectors
from .models import InvoiceKind, InvoiceStatus


def _headers() -> list[str]:
    return [_("Number"), _("Kind"), _("Tenant"), _("Business registration number"), _("Unit"), _("Period"),
            _("Issue date"), _("Due date"), _("Supply value"), _("VAT"), _("Total"), _("Paid"),
            pgettext("amount", "Outstanding"), _("Status")]


def _rows(*, year: int, month: int):
    for invoice in selectors.monthly_report_rows(year=year, month=month):
        is_invoice = invoice.kind == InvoiceKind.INVOICE
        outstanding = invoice.outstanding_amount if is_invoice and invoice.status != InvoiceStatus.CANCELLED else 0
        yield [
            invoice.number, invoice.get_kind_display(), invoice.company_name, invoice.business_registration_number,
            invoice.unit_code, invoice.period, invoice.issued_on, invoice.due_on, invoice.supply, invoice.vat,
            invoice.total, invoice.paid_amount if is_invoice else 0, outstanding, invoice.get_status_display(),
        ]


@register("billing-report-csv")
def monthly_report_csv(*, request: HttpRequest, year: int, month: int) -> HttpResponse:
    return csv_response(f"billing-{year}-{month:02d}.csv", _headers(), _rows(year=year, month=month))


@register("billing-report-xlsx")
def monthly_report_xlsx(*, request: HttpRequest, year: int, month: int) -> HttpResponse:
    dates, won = dict.fromkeys((7, 8), "yyyy-mm-dd"), dict.fromkeys(range(9, 14), "#,##0")  # columns G–H, I–M
    return xlsx_response(f"billing-{year}-{month:02d}.xlsx", _headers(), _rows(year=year, month=month),
                         sheet_title=f"{year}-{month:02d}", number_formats={**dates, **won})


def billed_vs_collected_svg_text(series: list[dict]) -> str:
    width, height, left, bottom, top = 720, 280, 70, 40, 30
    plot_w, plot_h = width - left - 20, height - top - bottom
    peak = max([1] + [max(p["billed"], p["collected"]) for p in series])
    title = _("Billed and collected per month (won)")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="chart-title" font-family="sans-serif" font-size="11">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak:,}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
        f'<rect x="{left + 10}" y="8" width="10" height="10" fill="#1f4e8c"/>'
        f'<text x="{left + 24}" y="17">{escape(_("Billed"))}</text>',
        f'<rect x="{left + 110}" y="8" width="10" height="10" fill="#2e7d32"/>'
        f'<text x="{left + 124}" y="17">{escape(_("Collected"))}</text>',
    ]
    if not series:
        parts.append(f'<text x="{left + 20}" y="{top + plot_h / 2}">{escape(_("No invoices yet."))}</text>')
    slot = plot_w / max(len(series), 1)
    bar = max(min(slot / 3, 28), 2)
    for index, point in enumerate(series):
        x = left + index * slot + (slot - 2 * bar) / 2
        for offset, key, colour in ((0, "billed", "#1f4e8c"), (bar, "collected", "#2e7d32")):
            value = max(point[key], 0)
            h = plot_h * value / peak
            label = f'{point["year"]}-{point["month"]:02d} {_("Billed") if key == "billed" else _("Collected")}: ' \
                    f"{point[key]:,}"
            parts.append(f'<rect x="{x + offset:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{escape(label)}</title></rect>')
        parts.append(f'<text x="{x + bar:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                     f'{point["year"] % 100:02d}-{point["month"]:02d}</text>')
    parts.append("</svg>")
    return "".join(parts)


def billed_vs_collected_svg(series: list[dict]) -> HttpResponse:
    response = HttpResponse(billed_vs_collected_svg_text(series), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
