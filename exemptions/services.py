"""Writes of exemptions: filing and resubmitting requests, every status change through one service,
issuing and revoking documents, reminders of a stay's end and the deletion of sensitive data."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import secrets
import uuid

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import notification_create
from portal.exceptions import DomainError, PermissionRefused, TransitionNotAllowed
from portal.pdf import render_pdf
from portal.queue import enqueue_on_commit
from portal.uploads import sanitize_filename
from tenants.models import LEASE_LIVE_STATUSES, MANAGING_ROLES, Company, Lease, TeamMembership

from . import selectors
from .crypto import mask
from .models import (
    DocumentStatus,
    ExemptionRequest,
    ExemptionType,
    IssuedDocument,
    NumberCounter,
    RequestStatus,
    RequestTransition,
    StayReminder,
)
from .registry import spec_for

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type from paper


# ---- helpers -----------------------------------------------------------------------------------

def _require_manager(*, company: Company, actor: User) -> TeamMembership:
    membership = TeamMembership.objects.filter(company=company, user=actor).first()
    if membership is None or membership.role not in MANAGING_ROLES:
        raise PermissionRefused(_("Only the owner or an administrator of the company can file exemption requests."))
    return membership


def _managers(company_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__company_id=company_id, memberships__role__in=MANAGING_ROLES, is_active=True
        ).order_by("pk")
    )


def _store_uploads(*, request: ExemptionRequest, files: dict) -> dict:
    storage = storages["private"]
    stored = dict(request.uploads)
    for code, upload in files.items():
        name = sanitize_filename(upload.name)
        path = storage.save(
            f"exemptions/{request.company_id}/{request.pk}/{code}-{uuid.uuid4().hex[:8]}{os.path.splitext(name)[1]}",
            upload,
        )
        old = stored.get(code)
        if old:
            storage.delete(old["path"])
        stored[code] = {"path": path, "name": name}
    return stored


def _apply_answers(*, request: ExemptionRequest, data: dict, sensitive: dict) -> None:
    spec = spec_for(request.exemption_type)
    kept = dict(request.sensitive or {})
    answers = dict(data)
    for name in spec.sensitive_fields:
        value = (sensitive.get(name) or "").strip() or kept.get(name, "")
        kept[name] = value
        answers[f"{name}_masked"] = mask(value)
    request.data = answers
    request.sensitive = kept
    request.subject = spec.subject(answers)[:200]
    request.deadline = spec.deadline(answers)


def _notify_managers(*, company_id: int, template: str, context: dict, link: str) -> None:
    for user in _managers(company_id):
        notification_create(recipient=user, template=template, context=context, link=link)


def _request_context(request: ExemptionRequest) -> dict:
    return {
        "type_ko": request.exemption_type.name_ko, "type_en": request.exemption_type.name_en,
        "subject": request.subject, "request_id": request.pk, "reason": request.staff_message,
    }


# ---- requests ----------------------------------------------------------------------------------

@transaction.atomic
def request_submit(
    *, company: Company, exemption_type: ExemptionType, actor: User, data: dict, sensitive: dict, files: dict,
) -> ExemptionRequest:
    """File a request for the company (owners and administrators only)."""
    _require_manager(company=company, actor=actor)
    if not exemption_type.is_active:
        raise DomainError(_("This kind of request is not open at the moment."), code="closed")
    now = timezone.now()
    request = ExemptionRequest(
        company=company, exemption_type=exemption_type, filed_by=actor, submitted_at=now, waiting_since=now,
    )
    _apply_answers(request=request, data=data, sensitive=sensitive)
    request.save()
    request.uploads = _store_uploads(request=request, files=files)
    request.save(update_fields=["uploads", "updated_at"])
    RequestTransition.objects.create(request=request, from_status="", to_status=RequestStatus.SUBMITTED, actor=actor)
    return request


@transaction.atomic
def request_resubmit(
    *, request: ExemptionRequest, actor: User, data: dict, sensitive: dict, files: dict, note: str = "",
) -> ExemptionRequest:
    """The tenant corrects a request staff sent back and submits it again."""
    request = ExemptionRequest.objects.select_for_update().select_related("exemption_type").get(pk=request.pk)
    _require_manager(company=request.company, actor=actor)
    if request.status != RequestStatus.INFO_REQUESTED:
        raise TransitionNotAllowed(_("This request cannot be changed any more."), code="status")
    _apply_answers(request=request, data=data, sensitive=sensitive)
    request.uploads = _store_uploads(request=request, files=files)
    request.save(update_fields=["data", "sensitive", "subject", "deadline", "uploads", "updated_at"])
    return request_transition(request=request, to_status=RequestStatus.SUBMITTED, actor=actor, reason=note)


@transaction.atomic
def request_transition(
    *, request: ExemptionRequest, to_status: str, actor: User | None, reason: str = "",
) -> ExemptionRequest:
    """The one way a request changes status: checks the workflow, records who/when/from/to/why."""
    request = (
        ExemptionRequest.objects.select_for_update(of=("self",)).select_related("exemption_type", "company")
        .get(pk=request.pk)
    )
    if to_status not in request.allowed_transitions:
        raise TransitionNotAllowed(
            _("A request that is “%(status)s” cannot become “%(to)s”.") % {
                "status": request.get_status_display(), "to": RequestStatus(to_status).label},
            code="transition",
        )
    reason = (reason or "").strip()
    if to_status in (RequestStatus.REJECTED, RequestStatus.INFO_REQUESTED) and not reason:
        raise DomainError(_("Give the reason: the tenant reads it."), code="reason")
    now = timezone.now()
    from_status = request.status
    request.status = to_status
    fields = ["status", "waiting_since", "updated_at"]
    if to_status == RequestStatus.SUBMITTED:
        request.waiting_since = now
    else:
        request.waiting_since = None
    if to_status == RequestStatus.APPROVED:
        if selectors.lease_active_for(company=request.company) is None:
            raise DomainError(
                _("The company has no active lease today, so there is nothing to certify."), code="lease"
            )
    if to_status in (RequestStatus.APPROVED, RequestStatus.REJECTED):
        request.decided_at, request.decided_by = now, actor
        fields += ["decided_at", "decided_by"]
    if to_status in (RequestStatus.REJECTED, RequestStatus.INFO_REQUESTED):
        request.staff_message = reason
        fields.append("staff_message")
    request.save(update_fields=fields)
    RequestTransition.objects.create(
        request=request, from_status=from_status, to_status=to_status, actor=actor, reason=reason
    )
    link = reverse("exemptions:request", args=[request.company_id, request.pk])
    if to_status == RequestStatus.APPROVED:
        from .tasks import document_issue_task

        enqueue_on_commit(document_issue_task, request_id=request.pk)
    elif to_status == RequestStatus.REJECTED:
        _notify_managers(company_id=request.company_id, template="exemptions/request_rejected",
                         context=_request_context(request), link=link)
    elif to_status == RequestStatus.INFO_REQUESTED:
        _notify_managers(company_id=request.company_id, template="exemptions/request_info",
                         context=_request_context(request), link=link)
    return request


def request_approve(*, request: ExemptionRequest, actor: User, reason: str = "") -> ExemptionRequest:
    return request_transition(request=request, to_status=RequestStatus.APPROVED, actor=actor, reason=reason)


def request_reject(*, request: ExemptionRequest, actor: User, reason: str) -> ExemptionRequest:
    return request_transition(request=request, to_status=RequestStatus.REJECTED, actor=actor, reason=reason)


def request_ask_info(*, request: ExemptionRequest, actor: User, reason: str) -> ExemptionRequest:
    return request_transition(request=request, to_status=RequestStatus.INFO_REQUESTED, actor=actor, reason=reason)


# ---- documents ---------------------------------------------------------------------------------

def _next_sequence(*, exemption_type: ExemptionType, year: int) -> int:
    """The next number of the type and year; the counter row is locked until the caller commits."""
    NumberCounter.objects.bulk_create(
        [NumberCounter(exemption_type=exemption_type, year=year, last=0)], ignore_conflicts=True
    )
    counter = NumberCounter.objects.select_for_update().get(exemption_type=exemption_type, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))  # 80 bits
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _facts(*, request: ExemptionRequest, lease: Lease) -> dict:
    """What the document certifies, kept as issued (sensitive values only masked)."""
    company, unit = request.company, lease.unit
    building = unit.floor.building
    spec = spec_for(request.exemption_type)
    subject = {}
    for name in spec.certified:
        if name in spec.sensitive_fields:
            subject[name] = request.data.get(f"{name}_masked", "")
        else:
            subject[name] = request.data.get(name, "")
    return {
        "company": {"name_ko": company.name_ko, "name_en": company.name_en or company.name_ko,
                    "brn": company.business_registration_number},
        "unit": {"code": unit.code, "address_ko": f"{building.address_ko} {building.name_ko} {unit.code}",
                 "address_en": f"{unit.code}, {building.name_en or building.name_ko}, "
                               f"{building.address_en or building.address_ko}"},
        "lease": {"start": lease.start_date.isoformat(), "end": lease.end_date.isoformat()},
        "subject": subject,
    }


def _qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()


def document_render_data(*, document: IssuedDocument, code: str, language: str) -> dict:
    """The JSON the Typst template reads, in one language."""
    exemption_type = document.exemption_type
    spec = spec_for(exemption_type)
    facts = document.facts
    verify_url = settings.SITE_URL + reverse("exemptions:verify_link", args=[document.number, code])
    english = language == "en"
    with translation.override(language):
        fields = spec.form_class.base_fields
        subject_rows = []
        for name in spec.certified:
            value = facts["subject"].get(name, "")
            field = fields[name]
            choices = dict(getattr(field, "choices", None) or [])
            subject_rows.append([str(field.label), str(choices.get(value, value)) if choices else str(value)])
        company = facts["company"]
        data = {
            "lang": language,
            "title": exemption_type.document_title_en if english else exemption_type.document_title_ko,
            "legal_basis": exemption_type.legal_basis_en if english else exemption_type.legal_basis_ko,
            "statement": exemption_type.statement_en if english else exemption_type.statement_ko,
            "number": document.number,
            "office": settings.EXEMPTIONS_ISSUING_OFFICE_EN if english else settings.EXEMPTIONS_ISSUING_OFFICE_KO,
            "labels": {
                "number": _("Document number"), "issued_on": _("Issued on"), "valid_until": _("Valid until"),
                "holder": _("Company"), "subject": _("Subject of the request"), "verify": _("Verify this document"),
                "code": _("Verification code"), "office": _("Issuing office"),
                "verify_hint": _("Scan the QR code or enter the number and code at the address below."),
            },
            "issued_on": document.issued_on.isoformat(),
            "valid_until": document.valid_until.isoformat(),
            "holder_rows": [
                [_("Company name"), company["name_en"] if english else company["name_ko"]],
                [_("Business registration number"), company["brn"]],
                [_("Unit address"), facts["unit"]["address_en"] if english else facts["unit"]["address_ko"]],
                [_("Lease period"), f"{facts['lease']['start']} – {facts['lease']['end']}"],
            ],
            "subject_rows": subject_rows,
            "verify_url": verify_url,
            "code": code,
            "qr_svg": _qr_svg(verify_url),
        }
    return data


def _save_pdf(path: str, content: bytes) -> str:
    storage = storages["private"]
    if storage.exists(path):
        storage.delete(path)
    return storage.save(path, ContentFile(content))


def document_issue(*, request_id: int) -> IssuedDocument | None:
    """Issue the document of an approved request once (a second call returns the same document)."""
    with transaction.atomic():
        request = (
            ExemptionRequest.objects.select_for_update(of=("self",))
            .select_related("exemption_type", "company").filter(pk=request_id).first()
        )
        if request is None or request.status != RequestStatus.APPROVED:
            return None
        existing = IssuedDocument.objects.filter(request=request).first()
        if existing is not None:
            return existing
        today = timezone.localdate()
        lease = selectors.lease_active_for(company=request.company, today=today)
        if lease is None:
            logger.warning("exemption request %s approved but the company has no active lease", request.pk)
            return None
        exemption_type = request.exemption_type
        sequence = _next_sequence(exemption_type=exemption_type, year=today.year)
        number = f"{exemption_type.number_prefix}-{today.year}-{sequence:04d}"
        code = _verification_code()
        valid_until = min(today + dt.timedelta(days=exemption_type.validity_days), lease.end_date)
        document = IssuedDocument(
            request=request, exemption_type=exemption_type, company=request.company, lease=lease, number=number,
            year=today.year, sequence=sequence, issued_on=today, valid_until=valid_until,
            verification_code_hash=selectors.verification_hash(code),
        )
        document.facts = _facts(request=request, lease=lease)
        folder = f"exemptions/documents/{today.year}"
        document.pdf_path = _save_pdf(
            f"{folder}/{number}-ko.pdf",
            render_pdf(exemption_type.template, document_render_data(document=document, code=code, language="ko")),
        )
        if exemption_type.english_version:
            document.pdf_en_path = _save_pdf(
                f"{folder}/{number}-en.pdf",
                render_pdf(exemption_type.template,
                           document_render_data(document=document, code=code, language="en")),
            )
        document.save()
        recipients = {u.pk: u for u in _managers(request.company_id)}
        if request.filed_by_id and request.filed_by.is_active:
            recipients.setdefault(request.filed_by_id, request.filed_by)
        for user in recipients.values():
            notification_create(
                recipient=user, template="exemptions/document_issued",
                context={**_request_context(request), "number": number, "valid_until": valid_until.isoformat()},
                link=reverse("exemptions:list", args=[request.company_id]),
            )
        logger.info("exemption document %s issued for request %s", number, request.pk)
        return document


def document_issue_pending(*, older_than: dt.timedelta = dt.timedelta(minutes=5)) -> int:
    """Issue what a lost broker message left undone: approved requests without a document."""
    cutoff = timezone.now() - older_than
    pending = ExemptionRequest.objects.filter(
        status=RequestStatus.APPROVED, decided_at__lt=cutoff, document__isnull=True
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(pending) if document_issue(request_id=pk) is not None)


@transaction.atomic
def document_revoke(*, document: IssuedDocument, actor: User | None, reason: str) -> IssuedDocument:
    """Revoke a document with its reason (staff, or the daily check when the lease ended)."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the revocation."), code="reason")
    if document.status == DocumentStatus.REVOKED:
        raise TransitionNotAllowed(_("This document is already revoked."), code="revoked")
    document.status = DocumentStatus.REVOKED
    document.revoked_at, document.revoked_by, document.revocation_reason = timezone.now(), actor, reason
    document.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    _notify_managers(
        company_id=document.company_id, template="exemptions/document_revoked",
        context={"number": document.number, "reason": reason},
        link=reverse("exemptions:list", args=[document.company_id]),
    )
    return document


def documents_revoke_for_ended_leases(*, today: dt.date | None = None) -> int:
    """Revoke valid documents of companies that no longer hold a live lease."""
    today = today or timezone.localdate()
    live = Lease.objects.filter(company_id=OuterRef("company_id"), status__in=LEASE_LIVE_STATUSES,
                                end_date__gte=today)
    stale = IssuedDocument.objects.filter(status=DocumentStatus.VALID).exclude(Exists(live))
    count = 0
    for document in stale:
        try:
            document_revoke(document=document, actor=None, reason=_("The company's lease has ended."))
        except DomainError:
            continue
        count += 1
    return count


# ---- reminders and retention -------------------------------------------------------------------

def stay_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the company's managers 60 and 30 days (EXEMPTIONS_STAY_REMINDER_DAYS) before a permitted
    stay ends; each reminder is recorded once, so running twice a day sends nothing twice."""
    today = today or timezone.localdate()
    thresholds = sorted(set(settings.EXEMPTIONS_STAY_REMINDER_DAYS), reverse=True)
    if not thresholds:
        return 0
    candidates = ExemptionRequest.objects.filter(
        status=RequestStatus.APPROVED, deadline__gt=today, deadline__lte=today + dt.timedelta(days=thresholds[0])
    ).values_list("pk", "deadline")
    sent = 0
    for pk, deadline in list(candidates):
        days_left = (deadline - today).days
        due = [d for d in thresholds if days_left <= d]
        sent += _stay_reminder_send(request_pk=pk, due=due, days_left=days_left)
    return sent


@transaction.atomic
def _stay_reminder_send(*, request_pk: int, due: list[int], days_left: int) -> int:
    created = []
    for days in due:
        try:
            with transaction.atomic():
                StayReminder.objects.create(request_id=request_pk, days_before=days)
        except IntegrityError:
            continue
        created.append(days)
    if not created:
        return 0
    request = ExemptionRequest.objects.select_related("exemption_type").defer("sensitive").get(pk=request_pk)
    _notify_managers(
        company_id=request.company_id, template="exemptions/stay_reminder",
        context={**_request_context(request), "days_left": days_left, "deadline": request.deadline.isoformat()},
        link=reverse("exemptions:request", args=[request.company_id, request.pk]),
    )
    return 1


def sensitive_data_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the passport and registration numbers and the uploaded files of requests decided more
    than EXEMPTIONS_SENSITIVE_RETENTION_DAYS ago, or left unanswered that long after staff asked for
    more information (masked forms and issued documents stay)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EXEMPTIONS_SENSITIVE_RETENTION_DAYS)
    abandoned = Q(status=RequestStatus.INFO_REQUESTED, updated_at__lt=cutoff)
    due = ExemptionRequest.objects.filter(
        Q(decided_at__lt=cutoff) | abandoned, sensitive_purged_at__isnull=True
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            request = ExemptionRequest.objects.select_for_update().get(pk=pk)
            storage = storages["private"]
            for upload in request.uploads.values():
                storage.delete(upload["path"])
            request.sensitive, request.uploads, request.sensitive_purged_at = {}, {}, now
            request.save(update_fields=["sensitive", "uploads", "sensitive_purged_at", "updated_at"])
        count += 1
    return count
