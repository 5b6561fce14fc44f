"""What privacy tells a data subject by e-mail about their request: the verification link of the public form,
the receipt with its due date, an extension with its reasons, the answer or the refusal with its reasons.

Only privacy's interface (views and admin) uses this module; its models and services never import the
notifications app. Rendered in the requester's language."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.throttle import mail_allowed
from notifications.services import notification_create
from portal.formatting import format_kst_date

from .models import RightsKind, RightsRequest
from .rights import rights_link_make, rights_request_transition

TEMPLATES = {
    "extend": "privacy/rights_extended",
    "answer": "privacy/rights_answered",
    "refuse": "privacy/rights_refused",
}


def _kind(kind: str, language: str) -> str:
    with translation.override(language):
        return str(RightsKind(kind).label)


def _date(day, language: str) -> str:
    with translation.override(language):
        return format_kst_date(day)


def rights_link_send(*, data: dict) -> bool:
    """E-mail the link that files the request; False when the address had too many such e-mails already."""
    if not mail_allowed(scope="rights_request_mail", email=data["email"]):
        return False
    token = rights_link_make(data)
    notification_create(
        email=data["email"], language=data["language"], template="privacy/rights_verify",
        context={"name": data["name"], "kind": _kind(data["kind"], data["language"]),
                 "url": settings.SITE_URL + reverse("privacy:rights_confirm", args=[token]),
                 "hours": max(1, settings.PRIVACY_RIGHTS_LINK_SECONDS // 3600)},
    )
    return True


def _context(request: RightsRequest, reasons: str) -> dict:
    return {"name": request.name, "kind": _kind(request.kind, request.language), "number": request.pk,
            "received": _date(request.received_at.date(), request.language),
            "due": _date(request.due_on, request.language), "answer": reasons,
            "department": settings.EXEMPTIONS_ISSUING_OFFICE_EN if request.language == "en"
            else settings.EXEMPTIONS_ISSUING_OFFICE_KO}


def _notify(request: RightsRequest, template: str, reasons: str = "") -> None:
    notification_create(recipient=request.user, email=request.email, language=request.language, template=template,
                        context=_context(request, reasons),
                        link=reverse("privacy:rights_list") if request.user_id else "")


def rights_request_notify_received(*, request: RightsRequest) -> None:
    """The receipt: what was asked, when and the date the district answers by."""
    _notify(request, "privacy/rights_received")


@transaction.atomic
def rights_request_act(*, request: RightsRequest, name: str, actor, reason: str = "") -> RightsRequest:
    """Take a staff step and tell the requester of an extension, an answer or a refusal (with its reasons)."""
    request = rights_request_transition(request=request, name=name, actor=actor, reason=reason)
    if name in TEMPLATES:
        _notify(request, TEMPLATES[name], reasons=reason.strip())
    return request


def workflow_services() -> dict:
    """The admin's steps (portal.admin.WorkflowAdminMixin): each one that concerns the requester tells them."""
    return {name: (lambda obj, actor, reason, name=name: rights_request_act(request=obj, name=name, actor=actor,
                                                                              reason=reason))
            for name in ("start", "extend", "answer", "refuse")}
