"""What tax invoices add to billing's pages (registered in apps.py through billing.hooks)."""

from __future__ import annotations

from django.urls import reverse

from .issuers import issuer_get
from .models import Issuer
from .selectors import tax_invoice_lessors_of_month, tax_invoice_list_for_company
from .workflow import TAX_INVOICE_WORKFLOW


def company_section(request, company) -> dict:
    """The tenant's billing page: its tax invoices with the status it reads."""
    tax_invoices = list(tax_invoice_list_for_company(company_id=company.pk))
    for tax_invoice in tax_invoices:
        tax_invoice.state = TAX_INVOICE_WORKFLOW.state(tax_invoice.status)
    return {"template": "taxinvoices/_company_section.html", "tax_invoices": tax_invoices}


def run_section(request, run) -> dict | None:
    """A billing run's page: the month's tax invoices per lessor, the Hometax file and the result upload."""
    if not request.user.has_perm("taxinvoices.view_taxinvoice"):
        return None
    issuer = issuer_get()
    return {
        "template": "admin/taxinvoices/_run_section.html", "issuer_label": Issuer(issuer.name).label,
        "issuer_off": issuer.available(),
        "lessors": tax_invoice_lessors_of_month(year=run.year, month=run.month),
        "may_record": request.user.has_perm("taxinvoices.change_taxinvoice"),
        "list_url": reverse("admin:taxinvoices_taxinvoice_changelist") + f"?year={run.year}&month={run.month}",
    }
