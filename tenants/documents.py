"""The lease summary PDF (임대차 계약 요약서): always in Korean, rendered with Typst (portal.pdf)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.formatting import (
    format_area,
    format_business_number,
    format_kst_date,
    format_month,
    format_period,
    format_won,
)
from portal.pdf import render_pdf
from portal.uploads import content_disposition

from .models import Lease


def _relocation(lease: Lease) -> str:
    if lease.relocation_confirmed_at:
        return _("Confirmed on %(date)s") % {"date": format_kst_date(lease.relocation_confirmed_at)}
    return _("Due by %(deadline)s") % {"deadline": format_kst_date(lease.relocation_deadline)}


def _partial_months(lease: Lease) -> list[list[str]]:
    """Rows for a first or last month the lease covers only in part: what its invoice bills (VAT excluded)."""
    rows = []
    months = [(_("First month"), lease.start_date)]
    if (lease.end_date.year, lease.end_date.month) != (lease.start_date.year, lease.start_date.month):
        months.append((_("Last month"), lease.end_date))
    for label, day in months:
        charge = lease.charge_for(year=day.year, month=day.month)
        if not charge.prorated:
            continue
        rows.append([
            _("%(label)s (%(month)s, %(days)s of %(month_days)s days)") % {
                "label": label, "month": format_month(day), "days": charge.days, "month_days": charge.month_days},
            _("Rent %(rent)s, management fee %(fee)s") % {
                "rent": format_won(charge.rent), "fee": format_won(charge.management_fee)},
        ])
    return rows


def lease_summary_data(*, lease: Lease) -> dict:
    """What the summary shows, as plain strings (the template reads them as data, never as markup)."""
    unit, company = lease.unit, lease.company
    building = unit.floor.building
    lessor = building.lessor
    with translation.override("ko"):
        account = lessor.bank_account
        return {
            "title": _("Lease summary"),
            "center": building.name_ko,
            "issued_label": _("Issued on"),
            "issued": format_kst_date(timezone.localdate()),
            "note": _("This summary sets out the lease for information; it does not replace the signed lease."),
            "sections": [
                {"title": _("Parties"), "rows": [
                    [_("Lessor"), f"{lessor.name} ({building.name_ko})"],
                    [pgettext("lease party", "Tenant"), company.name_ko],
                    [_("Business registration number"), format_business_number(company.business_registration_number)],
                    [_("Address"), company.address or "-"],
                ]},
                {"title": _("Leased premises"), "rows": [
                    [_("Building"), f"{building.name_ko}, {building.address_ko}"],
                    [_("Unit"), f"{unit.code} ({unit.floor.number}층)"],
                    [_("Area"), f"{lease.area_pyeong.normalize():f}평 ({format_area(unit.area_m2)})"],
                    [_("Seats"), str(unit.seats)],
                ]},
                {"title": _("Term"), "rows": [
                    [_("Term"), format_period(lease.start_date, lease.end_date)],
                    [_("Status"), str(lease.get_status_display())],
                    [_("Head-office relocation"), _relocation(lease)],
                ]},
                {"title": _("Amounts (VAT excluded)"), "rows": [
                    [_("Rent per pyeong per month"), format_won(lease.rent_per_pyeong)],
                    [_("Monthly rent"), format_won(lease.monthly_rent)],
                    [_("Management fee per pyeong per month"), format_won(lease.management_fee_per_pyeong)],
                    [_("Monthly management fee"), format_won(lease.monthly_management_fee)],
                    *_partial_months(lease),
                    [_("Deposit"), format_won(lease.deposit)],
                    [_("Payment"), _("By the %(day)sth of each month") % {"day": building.invoice_due_day}
                     + (f", {account}" if account else "")],
                ]},
            ],
        }


def lease_summary_pdf(*, lease: Lease) -> bytes:
    return render_pdf("tenants/pdf/lease_summary.typ", lease_summary_data(lease=lease))


def lease_summary_response(*, lease: Lease) -> HttpResponse:
    """The summary as a download; the caller has checked who may see the lease."""
    response = HttpResponse(lease_summary_pdf(lease=lease), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"임대차계약요약서-{lease.unit.code}-{lease.start_date:%Y%m%d}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
