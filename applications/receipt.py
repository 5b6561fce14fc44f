"""The applicant's receipt (접수증) of a submitted application: what was received, when, what happens
next by the call's schedule, and whom to ask. Rendered on request from the application's recorded facts
(its receipt number and time never change), in the applicant's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.formatting import center_name
from portal.pdf import render_pdf
from portal.templatetags.portal_tags import localized

from .consents import TRUTH_DECLARATION
from .models import Application
from .selectors import application_next_steps
from .templatetags.call_tags import format_kst, format_kst_date


def contact_line(*, call) -> str:
    """The call's contact department and telephone; the portal's sender where the call names none."""
    korean = (translation.get_language() or "ko").startswith("ko")
    name = call.contact_department if korean and call.contact_department else (
        settings.PORTAL_SENDER_NAME_KO if korean else settings.PORTAL_SENDER_NAME_EN)
    return f"{name} · {call.contact_phone or settings.PORTAL_SENDER_PHONE}"


def next_step_rows(*, application: Application) -> list[tuple[str, str]]:
    rows = []
    for item in application_next_steps(application=application):
        when = format_kst_date(item.starts_on)
        if item.ends_on and item.ends_on != item.starts_on:
            when = f"{when} – {format_kst_date(item.ends_on)}"
        rows.append((when, localized(item, "label")))
    return rows


def declaration_rows(*, application: Application) -> list[tuple[str, str]]:
    """The truthfulness declaration ticked on submission, with when (none for an application from before it)."""
    if application.truth_declared_at is None:
        return []
    declared = _("Declared on submission, %(at)s:") % {"at": format_kst(application.truth_declared_at)}
    return [(_("Truthfulness declaration"), f"{declared} “{TRUTH_DECLARATION}”")]


def application_receipt_pdf(*, application: Application, language: str) -> bytes:
    with translation.override(language):
        company = application.company_name_ko if language == "ko" else (
            application.company_name_en or application.company_name_ko)
        data = {
            "lang": language,
            "title": _("Receipt of application"),
            "subtitle": center_name(),
            "number_label": _("Receipt number"),
            "number": application.receipt_number,
            "rows": [
                (_("Call"), f"{application.call.code} {localized(application.call, 'title')}"),
                (_("Company name"), company),
                (_("Business registration number"), application.business_registration_number),
                (_("Representative"), application.ceo_name),
                (_("Submitted by"), f"{application.applicant.name} ({application.applicant.email})"),
                (_("Received at"), format_kst(application.submitted_at)),
                *declaration_rows(application=application),
            ],
            "next_title": _("What happens next"),
            "next": next_step_rows(application=application),
            "next_empty": _("The district office will tell you the next step by e-mail and on your application page."),
            "contact_title": _("Questions"),
            "contact": contact_line(call=application.call),
            "note": _("Keep this receipt. Your application's status and any requests from the district office "
                      "appear on your application page and reach you by e-mail."),
            "issuer": settings.PORTAL_SENDER_NAME_KO if language == "ko" else settings.PORTAL_SENDER_NAME_EN,
            "issued": format_kst_date(timezone.localdate()),
        }
        return render_pdf("applications/receipt.typ", data)
