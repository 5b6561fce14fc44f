"""Who hears about a request as a 민원: its receipt and extension (the company's managers), the due date
coming (district staff)."""

from __future__ import annotations

from django.urls import reverse

from notifications.services import notification_create
from tenants.notifications import staff_recipients

from .models import ExemptionRequest


def _context(request: ExemptionRequest) -> dict:
    return {
        "type_ko": request.exemption_type.name_ko, "type_en": request.exemption_type.name_en,
        "subject": request.subject, "request_id": request.pk,
        "received_on": request.received_at.date().isoformat() if request.received_at else "",
        "processing_days": request.exemption_type.processing_days,
        "due_date": request.due_date.isoformat() if request.due_date else "",
        "extension_days": request.extension_days, "extension_reason": request.extension_reason,
    }


def _managers_notify(request: ExemptionRequest, template: str) -> None:
    from .services.requests import _managers

    link = reverse("exemptions:request", args=[request.company_id, request.pk])
    for user in _managers(request.company_id):
        notification_create(recipient=user, template=template, context=_context(request), link=link)


def request_received(*, request: ExemptionRequest) -> None:
    """The receipt (민원 접수): received on, processing period, due date."""
    _managers_notify(request, "exemptions/request_received")


def request_extended(*, request: ExemptionRequest) -> None:
    """The processing period was extended: by how much, why, the new due date."""
    _managers_notify(request, "exemptions/request_extended")


def request_due_soon(*, request: ExemptionRequest) -> None:
    """District staff: a request waiting for them is due soon (or overdue)."""
    link = reverse("admin:exemptions_exemptionrequest_change", args=[request.pk])
    context = {**_context(request), "company": request.company.name_ko, "link": link}
    for user in staff_recipients():
        notification_create(recipient=user, template="exemptions/request_due_soon", context=context, link=link)
