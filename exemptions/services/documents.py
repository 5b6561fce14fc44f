"""Issued documents: numbering, facts, PDFs with QR code and verification code, revocation."""

from __future__ import annotations

import datetime as dt
import io
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from portal.documents import DocumentFile, document_files_attach
from portal.exceptions import DomainError, TransitionNotAllowed
from portal.numbering import number_take
from portal.pdf import render_pdf
from tenants.models import LEASE_LIVE_STATUSES, Lease

from .. import notifications, selectors
from ..models import DocumentStatus, ExemptionRequest, ExemptionType, IssuedDocument, RequestStatus
from ..registry import spec_for

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type from paper


def document_number_series(*, exemption_type: ExemptionType) -> str:
    """The type's series of document numbers in `portal.numbering` (restarts each year)."""
    return f"exemption:{exemption_type.pk}"


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
    import segno  # imported where used: the QR code library stays out of processes that draw none

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


def document_issue(*, request_id: int) -> IssuedDocument | None:
    """Issue the document of an approved request once (a second call returns the same document).

    Two short transactions around the render (`portal.documents`): the numbered document, then its
    PDFs attached once with the verification code they print (only its hash is kept). The render
    that attaches them tells the company; a document left without its PDFs (an interrupted render)
    gets them, with a new code, the next time the task runs. The first transaction is durable: inside
    another one the render would hold the request and the type's number locked, and the document could
    roll back after the company was told, so that raises RuntimeError.
    """
    document = _document_create(request_id=request_id)
    if document is None or document.pdf_path:
        return document
    exemption_type = document.exemption_type
    code = _verification_code()
    folder = f"exemptions/documents/{document.year}"
    languages = ["ko", "en"] if exemption_type.english_version else ["ko"]
    files = [
        DocumentFile(
            field="pdf_path" if language == "ko" else "pdf_en_path", path=f"{folder}/{document.number}-{language}.pdf",
            render=lambda language=language: render_pdf(
                exemption_type.template, document_render_data(document=document, code=code, language=language)),
        )
        for language in languages
    ]
    attached, paths = document_files_attach(
        model=IssuedDocument, pk=document.pk, files=files,
        changes={"verification_code_hash": selectors.verification_hash(code)},
        on_attach=lambda: notifications.document_issued(document=document),
    )
    for field, path in paths.items():
        setattr(document, field, path)
    if attached:
        document.verification_code_hash = selectors.verification_hash(code)
        logger.info("exemption document %s issued for request %s", document.number, document.request_id)
    return document


@transaction.atomic(durable=True)
def _document_create(*, request_id: int) -> IssuedDocument | None:
    """The approved request's document, numbered and saved without its PDFs (or the one it has)."""
    request = (
        ExemptionRequest.objects.select_for_update(of=("self",))
        .select_related("exemption_type", "company").filter(pk=request_id).first()
    )
    if request is None or request.status != RequestStatus.APPROVED:
        return None
    existing = IssuedDocument.objects.select_related("exemption_type", "request__filed_by").filter(
        request=request).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    lease = selectors.lease_active_for(company=request.company, today=today)
    if lease is None:
        logger.warning("exemption request %s approved but the company has no active lease", request.pk)
        return None
    exemption_type = request.exemption_type
    valid_until = min(today + dt.timedelta(days=exemption_type.validity_days), lease.end_date)
    document = IssuedDocument(
        request=request, exemption_type=exemption_type, company=request.company, lease=lease,
        year=today.year, issued_on=today, valid_until=valid_until,
    )
    document.facts = _facts(request=request, lease=lease)
    document.sequence = number_take(series=document_number_series(exemption_type=exemption_type), year=today.year)
    document.number = f"{exemption_type.number_prefix}-{today.year}-{document.sequence:04d}"
    document.save()
    return document


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
    notifications.document_revoked(document=document, reason=reason)
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
