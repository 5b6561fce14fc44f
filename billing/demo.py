"""Demo data of billing: last month's invoices (the demo tenant's lease, billed for the current month
when it started only this month), a payment and a deposit received. Safe to run again."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from premises.models import Building
from premises.money import month_bounds
from tenants.models import Company, Lease, LeaseStatus

from . import services
from .models import DepositLedgerEntry, InvoiceKind, Payment

DEMO_TENANT_BRN = "214-86-12341"


def _previous_month(today: dt.date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def seed_billing(*, users: dict, building: Building, stdout=None) -> None:
    today = timezone.localdate()
    staff = users.get("staff@demo.yangjae-ai.kr")
    year, month = _previous_month(today)
    first, last = month_bounds(year, month)
    issued = 0
    for lease in Lease.objects.filter(status=LeaseStatus.ACTIVE).select_related("company").order_by("pk"):
        if lease.start_date <= last and lease.end_date >= first:
            period = (year, month)
        elif lease.company.business_registration_number == DEMO_TENANT_BRN:
            period = (today.year, today.month)  # the demo tenant moved in this month
        else:
            continue
        invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=period[0], month=period[1])
        issued += 1
        if not DepositLedgerEntry.objects.filter(lease=lease).exists():
            services.deposit_entry_record(lease=lease, kind="received", amount=lease.deposit, on=lease.start_date,
                                          note="입주 시 납부", actor=staff)
        if lease.company.business_registration_number != DEMO_TENANT_BRN and invoice.kind == InvoiceKind.INVOICE \
                and not Payment.objects.filter(invoice=invoice).exists():
            services.payment_record(invoice=invoice, paid_on=min(invoice.due_on, today), amount=invoice.total,
                                    reference="데모 입금", actor=staff)
    if stdout is not None:
        company = Company.objects.filter(business_registration_number=DEMO_TENANT_BRN).first()
        count = company.invoices.count() if company else 0
        stdout.write(_("Invoices for %(year)s-%(month)02d: %(issued)s; the demo tenant's: %(count)s") % {
            "year": year, "month": month, "issued": issued, "count": count})
