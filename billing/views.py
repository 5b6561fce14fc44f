"""The tenant's billing pages: invoices, status, balance and PDF downloads. Members of the company
only; another company's invoice answers 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from portal.uploads import private_file_response
from tenants.selectors import membership_for, membership_list_for_user

from . import hooks, selectors


@login_required
def mine(request):
    memberships = list(membership_list_for_user(user=request.user))
    if len(memberships) == 1:
        return redirect("billing:company", memberships[0].company_id)
    return render(request, "billing/companies.html", {"memberships": memberships})


@login_required
def company(request, company_id: int):
    membership = membership_for(user=request.user, company_id=company_id)
    if membership is None:
        raise Http404
    return render(request, "billing/company.html", {
        "company": membership.company, "membership": membership,
        "invoices": selectors.invoice_list_for_company(company_id=company_id),
        "balance": selectors.company_balance(company_id=company_id),
        "lessors": selectors.payment_lessors_for_company(company_id=company_id),
        "sections": hooks.company_page_sections(request, membership.company),
    })


@login_required
def invoice_pdf(request, company_id: int, invoice_id: int):
    if membership_for(user=request.user, company_id=company_id) is None:
        raise Http404
    invoice = selectors.invoice_for_company(company_id=company_id, invoice_id=invoice_id)
    if invoice is None or not invoice.pdf_path:
        raise Http404
    return private_file_response(invoice.pdf_path, f"{invoice.number}.pdf", content_type="application/pdf")
