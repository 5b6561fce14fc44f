"""What each event of an exemption request tells whom: the company's managers hear about their
requests (their receipt and extension as a 민원) and documents (the person who filed one hears about its
document too), district staff hear that a request's due date is coming, and the employee named in a
request receives the consent links by e-mail."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from accounts.selectors import user_list_district_staff
from notifications.services import notification_create
from tenants.selectors import user_list_company_managers

from .models import ExemptionRequest, IssuedDocument


def request_recipients(*, company_id: int) -> list[User]:
    """Who hears about a company's requests: its managers."""
    return user_list_company_managers(company_id=company_id)


def document_recipients(*, request: ExemptionRequest) -> list[User]:
    """Who hears that a document was issued: the managers and the active person who filed the request."""
    recipients = {user.pk: user for user in request_recipients(company_id=request.company_id)}
    if request.filed_by_id and request.filed_by.is_active:
        recipients.setdefault(request.filed_by_id, request.filed_by)
    return list(recipients.values())


def request_context(request: ExemptionRequest) -> dict:
    return {
        "type_ko": request.exemption_type.name_ko, "type_en": request.exemption_type.name_en,
        "subject": request.subject, "request_id": request.pk, "reason": request.staff_message,
        "receipt_number": request.receipt_number,
        "received_on": request.received_at.date().isoformat() if request.received_at else "",
        "processing_days": request.exemption_type.processing_days,
        "due_date": request.due_date.isoformat() if request.due_date else "",
        "extension_days": request.extension_days, "extension_reason": request.extension_reason,
    }


def _request_link(request: ExemptionRequest) -> str:
    return reverse("exemptions:request", args=[request.company_id, request.pk])


def _to_managers(*, company_id: int, template: str, context: dict, link: str) -> None:
    for user in request_recipients(company_id=company_id):
        notification_create(recipient=user, template=template, context=context, link=link)


def request_decided(*, request: ExemptionRequest, template: str) -> None:
    """A rejection, a request for information or a withdrawn consent (`template` says which)."""
    _to_managers(company_id=request.company_id, template=template, context=request_context(request),
                 link=_request_link(request))


def stay_reminder(*, request: ExemptionRequest, days_left: int) -> None:
    _to_managers(
        company_id=request.company_id, template="exemptions/stay_reminder",
        context={**request_context(request), "days_left": days_left, "deadline": request.deadline.isoformat()},
        link=_request_link(request),
    )


def document_issued(*, document: IssuedDocument) -> None:
    request = document.request
    for user in document_recipients(request=request):
        notification_create(
            recipient=user, template="exemptions/document_issued",
            context={**request_context(request), "number": document.number,
                     "valid_until": document.valid_until.isoformat()},
            link=reverse("exemptions:list", args=[request.company_id]),
        )


def document_revoked(*, document: IssuedDocument, reason: str) -> None:
    _to_managers(company_id=document.company_id, template="exemptions/document_revoked",
                 context={"number": document.number, "reason": reason},
                 link=reverse("exemptions:list", args=[document.company_id]))


def employee_consent_link(*, request: ExemptionRequest, email: str, url: str, days: int, language: str = "en") -> None:
    """The link the employee named in the request follows to consent, in the language the filer chose
    ("ko", "en", or "both": one e-mail with the Korean and the English text)."""
    notification_create(
        email=email, language="ko" if language == "both" else language,
        template="exemptions/employee_consent_both" if language == "both" else "exemptions/employee_consent",
        send_email=True,
        context={"name": request.subject, "company_ko": request.company.name_ko,
                 "company_en": request.company.name_en or request.company.name_ko, "url": url, "days": days},
    )


def employee_consent_given(*, email: str, language: str, name: str, url: str) -> None:
    """The employee's receipt, with the link that withdraws the consent."""
    notification_create(email=email, language=language, template="exemptions/employee_consent_given",
                        context={"name": name, "url": url})


def request_received(*, request: ExemptionRequest) -> None:
    """The receipt (민원 접수): received on, processing period, due date."""
    _to_managers(company_id=request.company_id, template="exemptions/request_received",
                 context=request_context(request), link=_request_link(request))


def request_extended(*, request: ExemptionRequest) -> None:
    """The processing period was extended: by how much, why, the new due date."""
    _to_managers(company_id=request.company_id, template="exemptions/request_extended",
                 context=request_context(request), link=_request_link(request))


def request_due_soon(*, request: ExemptionRequest) -> None:
    """District staff: a request waiting for them is due soon (or overdue)."""
    link = reverse("admin:exemptions_exemptionrequest_change", args=[request.pk])
    context = {**request_context(request), "company": request.company.name_ko, "link": link}
    for user in user_list_district_staff(with_superusers=False):
        notification_create(recipient=user, template="exemptions/request_due_soon", context=context, link=link)
