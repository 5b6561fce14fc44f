"""Reads of tax invoices shared by the admin, the run page and the tenant's billing page."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from premises.models import Lessor

from .models import TaxInvoice, TaxInvoiceKind
from .workflow import TaxInvoiceStatus


def tax_invoice_list_for_company(*, company_id: int) -> QuerySet[TaxInvoice]:
    """The company's tax invoices; drafts replaced before they were issued are left out."""
    return (TaxInvoice.objects.filter(company_id=company_id)
            .exclude(status=TaxInvoiceStatus.CANCELLED, issuer="")
            .order_by("-year", "-month", "-write_date", "-mgt_key"))


def tax_invoice_lessors_of_month(*, year: int, month: int) -> list[Lessor]:
    """The lessors with tax invoices in the month, each with counts: `drafts` (what the Hometax file holds),
    `modified_drafts` (issued one by one), `accepted` and `total` (cancelled ones left out)."""
    live = ~Q(tax_invoices__status=TaxInvoiceStatus.CANCELLED)
    month_q = Q(tax_invoices__year=year, tax_invoices__month=month)
    return list(Lessor.objects.filter(month_q).annotate(
        total=Count("tax_invoices", filter=month_q & live),
        drafts=Count("tax_invoices", filter=month_q & Q(tax_invoices__status=TaxInvoiceStatus.DRAFT,
                                                        tax_invoices__kind=TaxInvoiceKind.NORMAL)),
        modified_drafts=Count("tax_invoices", filter=month_q & Q(tax_invoices__status=TaxInvoiceStatus.DRAFT,
                                                                 tax_invoices__kind=TaxInvoiceKind.MODIFIED)),
        accepted=Count("tax_invoices", filter=month_q & Q(tax_invoices__status=TaxInvoiceStatus.ACCEPTED)),
    ).distinct().order_by("name"))
