"""What billing tells whom: an invoice (or credit note) with its PDF, and the reminders of an unpaid
one. The company's billing contact receives them by e-mail when it has one; its managers otherwise
(for an invoice), or as a notice in the portal beside the contact's e-mail (for a reminder)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from accounts.models import User
from notifications.services import notification_create
from tenants.selectors import user_list_company_managers

from .models import Invoice


def billing_recipients(*, company_id: int) -> list[User]:
    """The company's managers: who hears about its invoices when it names no billing contact."""
    return user_list_company_managers(company_id=company_id)


def invoice_sent(*, invoice: Invoice) -> bool:
    """The invoice and its PDF to the billing contact, or to each manager; False when nobody can receive it."""
    company = invoice.company
    link = reverse("billing:company", args=[company.pk])
    context = {
        "number": invoice.number, "kind": invoice.kind, "company_ko": invoice.company_name,
        "company_en": company.name_en or invoice.company_name, "period": invoice.period,
        "total": invoice.total, "due_on": invoice.due_on.isoformat(), "bank_account": invoice.bank_account,
        "link": link,
    }
    if company.billing_contact_email:
        notification_create(email=company.billing_contact_email, language=settings.LANGUAGE_CODE,
                            template="billing/invoice", context=context, link=link, attachments=[invoice.pdf_path])
        return True
    managers = billing_recipients(company_id=company.pk)
    for user in managers:
        notification_create(recipient=user, template="billing/invoice", context=context, link=link,
                            attachments=[invoice.pdf_path])
    return bool(managers)


def invoice_reminder(*, invoice: Invoice, kind: str, outstanding: int, days: int) -> None:
    """A reminder before or after the due date: e-mailed to the billing contact, and a notice in the
    portal (without e-mail) for each manager who is not that contact."""
    company = invoice.company
    link = reverse("billing:company", args=[company.pk])
    context = {
        "number": invoice.number, "kind": kind, "company_ko": invoice.company_name,
        "company_en": company.name_en or invoice.company_name, "due_on": invoice.due_on.isoformat(),
        "outstanding": outstanding, "bank_account": invoice.bank_account, "days": days, "link": link,
    }
    if company.billing_contact_email:
        notification_create(email=company.billing_contact_email, language=settings.LANGUAGE_CODE,
                            template="billing/reminder", context=context, link=link)
    for user in billing_recipients(company_id=company.pk):
        if user.email != company.billing_contact_email:
            notification_create(recipient=user, template="billing/reminder", context=context, link=link,
                                send_email=False)
