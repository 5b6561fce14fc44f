"""The employee's own consent to a request's unique identifiers: a one-time link e-mailed to them, the
consent it records, and its withdrawal until the request is decided."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from portal.exceptions import DomainError, TransitionNotAllowed
from portal.pdf import render_pdf
from portal.uploads import sanitize_filename, stored_name

from .. import notifications
from ..consents import IDENTIFIER_NOTICE, IDENTIFIER_NOTICE_VERSION
from ..forms import nationality_display
from ..models import ConsentMethod, EmployeeConsent, ExemptionRequest, RequestStatus
from ..registry import spec_for
from ..workflow import WITHDRAWABLE
from .requests import company_manager_require, request_transition


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _link(name: str, request_id: int, token: str) -> str:
    return settings.SITE_URL + reverse(f"exemptions:{name}", args=[request_id, token])


def consent_required(request: ExemptionRequest) -> bool:
    return bool(spec_for(request.exemption_type).form_class.consent_email_field)


def employee_consent_link_send(*, request: ExemptionRequest) -> str:
    """E-mail the employee a new consent link (older unused links stop working); returns its token.
    Called inside the transaction that files the request or asks for a new link."""
    form_class = spec_for(request.exemption_type).form_class
    email = request.data.get(form_class.consent_email_field, "")
    if not email:
        raise DomainError(_("Enter the employee's e-mail address."), code="email", field=form_class.consent_email_field)
    now = timezone.now()
    EmployeeConsent.objects.filter(request=request, consented_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token = secrets.token_urlsafe(32)
    days = settings.EXEMPTIONS_CONSENT_LINK_DAYS
    EmployeeConsent.objects.create(
        request=request, name=request.subject, email=email, token_hash=_hash(token), sent_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    # The filer chose the e-mail's language (the form's `employee_language`); requests filed before the choice
    # existed were e-mailed in English.
    notifications.employee_consent_link(request=request, email=email, url=_link("employee_consent", request.pk, token),
                                        days=days, language=request.data.get("employee_language") or "en")
    return token


@transaction.atomic
def employee_consent_link_resend(*, request: ExemptionRequest, actor: User) -> str:
    """The tenant asks for a new link while the request waits for the employee's consent."""
    request = ExemptionRequest.objects.select_for_update().select_related("exemption_type", "company").get(
        pk=request.pk)
    company_manager_require(company=request.company, actor=actor)
    if request.status != RequestStatus.AWAITING_CONSENT:
        raise TransitionNotAllowed(_("This request is not waiting for the employee's consent."), code="status")
    return employee_consent_link_send(request=request)


def employee_consent_find(*, request_id: int, token: str) -> EmployeeConsent | None:
    """The link row of this request for a consent token, or None (unknown token or another request's)."""
    return (EmployeeConsent.objects.select_related("request__exemption_type", "request__company")
            .filter(request_id=request_id, token_hash=_hash(token)).first())


def employee_consent_find_for_withdrawal(*, request_id: int, token: str) -> EmployeeConsent | None:
    return (EmployeeConsent.objects.select_related("request__exemption_type", "request__company")
            .filter(request_id=request_id, withdraw_token_hash=_hash(token), consented_at__isnull=False).first())


def employee_consent_link_problem(consent: EmployeeConsent | None, *, now: dt.datetime | None = None) -> str:
    """Why a consent link cannot be used (empty when it can)."""
    now = now or timezone.now()
    if consent is None:
        return _("This link is not valid. Ask the company for a new one.")
    if consent.consented_at is not None:
        return _("This link has already been used: your consent was recorded.")
    if consent.expires_at <= now:
        return _("This link has expired or a newer link was sent. Ask the company for a new one.")
    if consent.request.status != RequestStatus.AWAITING_CONSENT:
        return _("This request no longer waits for your consent.")
    return ""


@transaction.atomic
def employee_consent_give(*, request_id: int, token: str, ip: str | None, language: str) -> str:
    """Record the employee's consent (who, when, from which address, which notice) and pass the request
    to district staff; returns the token of the withdrawal link, e-mailed to the employee too."""
    ExemptionRequest.objects.select_for_update().filter(pk=request_id).first()
    consent = employee_consent_find(request_id=request_id, token=token)
    problem = employee_consent_link_problem(consent)
    if problem:
        raise DomainError(problem, code="link")
    withdraw_token = secrets.token_urlsafe(32)
    consent.consented_at = timezone.now()
    consent.consent_ip = ip
    consent.language = language
    consent.notice_version = IDENTIFIER_NOTICE_VERSION
    consent.withdraw_token_hash = _hash(withdraw_token)
    consent.save(update_fields=["consented_at", "consent_ip", "language", "notice_version", "withdraw_token_hash"])
    request_transition(request=consent.request, to_status=RequestStatus.SUBMITTED, actor=None,
                       name="employee_consent")
    notifications.employee_consent_given(email=consent.email, language=language, name=consent.name,
                                         url=_link("employee_consent_withdraw", request_id, withdraw_token))
    return withdraw_token


@transaction.atomic
def employee_consent_withdraw(*, request_id: int, token: str, ip: str | None) -> EmployeeConsent:
    """The employee takes the consent back before the request is decided: the request closes and the
    numbers are deleted at once; the company's managers are told."""
    request = (ExemptionRequest.objects.select_for_update(of=("self",)).select_related("exemption_type", "company")
               .filter(pk=request_id).first())
    consent = employee_consent_find_for_withdrawal(request_id=request_id, token=token)
    if request is None or consent is None:
        raise DomainError(_("This link is not valid."), code="link")
    if consent.withdrawn_at is not None:
        raise DomainError(_("Your consent has already been withdrawn."), code="withdrawn")
    if request.status not in WITHDRAWABLE:
        raise TransitionNotAllowed(
            _("The request has already been decided, so the consent can no longer be withdrawn here. Please "
              "contact the district office."), code="status")
    now = timezone.now()
    consent.withdrawn_at, consent.withdraw_ip = now, ip
    consent.save(update_fields=["withdrawn_at", "withdraw_ip"])
    request_transition(request=request, to_status=RequestStatus.CONSENT_WITHDRAWN, actor=None,
                       name="consent_withdraw")
    return consent


def _notice(language: str) -> dict:
    with translation.override(language):
        return {
            "title": str(IDENTIFIER_NOTICE.title),
            "items": [[str(label), str(text)] for label, text in IDENTIFIER_NOTICE.items],
            "important": list(IDENTIFIER_NOTICE.important),
            "statement": _("I have read the notice above and consent to the collection and use of my unique "
                           "identifiers (passport number and alien registration number) for this request."),
            "refuse_note": _("If you do not consent, do not sign: the request then cannot proceed."),
            "heading": _("Consent of the employee to the collection and use of unique identifiers"),
            "labels": {"request": _("Request no."), "company": _("Company name"), "employee": _("Employee"),
                       "nationality": _("Nationality"), "birth": _("Date of birth"),
                       "numbers": _("Numbers (masked)"), "date": _("Date"), "name": _("Name"),
                       "signature": _("Signature"), "agree": _("I consent"), "disagree": _("I do not consent")},
        }


def employee_consent_form_pdf(*, request: ExemptionRequest) -> bytes:
    """The consent form (Korean, then English) the company prints for the employee to sign when the link
    cannot be used: the notice of the unique identifiers, what the request says about the employee (numbers
    masked) and the signature lines."""
    data = request.data
    masked = [data.get(f"{name}_masked", "") for name in spec_for(request.exemption_type).sensitive_fields]
    return render_pdf("exemptions/employee_consent_form.typ", {
        "number": f"{request.pk}", "version": IDENTIFIER_NOTICE_VERSION,
        "company": f"{request.company.name_ko} ({request.company.name_en})" if request.company.name_en
        else request.company.name_ko,
        "employee": request.subject, "nationality": nationality_display(data),
        "birth": data.get("date_of_birth", ""), "numbers": " / ".join(m for m in masked if m),
        "ko": _notice("ko"), "en": _notice("en"),
    })


@transaction.atomic
def employee_consent_form_upload(*, request: ExemptionRequest, actor: User, upload) -> EmployeeConsent:
    """The company uploads the form the employee signed: recorded as the employee's consent (the upload's time
    and uploader), the open links stop working and the request goes to district staff, who check the signature."""
    request = ExemptionRequest.objects.select_for_update(of=("self",)).select_related("exemption_type", "company") \
        .get(pk=request.pk)
    company_manager_require(company=request.company, actor=actor)
    if request.status != RequestStatus.AWAITING_CONSENT:
        raise TransitionNotAllowed(_("This request is not waiting for the employee's consent."), code="status")
    now = timezone.now()
    name = sanitize_filename(upload.name)
    upload.seek(0)
    path = storages["private"].save(
        f"exemptions/{request.company_id}/{request.pk}/consent-{stored_name(name)}", upload)
    EmployeeConsent.objects.filter(request=request, consented_at__isnull=True, expires_at__gt=now).update(
        expires_at=now)
    email_field = spec_for(request.exemption_type).form_class.consent_email_field
    consent = EmployeeConsent.objects.create(
        request=request, name=request.subject, email=request.data.get(email_field, ""),
        token_hash=_hash(secrets.token_urlsafe(32)), sent_at=now, expires_at=now, consented_at=now,
        notice_version=IDENTIFIER_NOTICE_VERSION, language="ko+en", method=ConsentMethod.SIGNED_FORM,
        signed_form_path=path, signed_form_name=name, uploaded_by=actor,
    )
    request_transition(request=request, to_status=RequestStatus.SUBMITTED, actor=actor, name="consent_form_upload")
    return consent
