"""Issued documents (확인서): official numbering, the facts certified, PDFs and HWPX files in the name of
the head of the district with the seal, QR code and verification code; revocation."""

from __future__ import annotations

import datetime as dt
import io
import logging
import secrets

from django import forms
from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from portal.documents import DocumentFile, document_files_attach
from portal.exceptions import DomainError, TransitionNotAllowed
from portal.formatting import format_official_date
from portal.hwpx import HwpxBuilder
from portal.numbering import number_take, official_number
from portal.pdf import render_pdf
from tenants.models import LEASE_LIVE_STATUSES, DesignatedProject, Lease

from .. import notifications, selectors
from ..models import DocumentIssuer, DocumentStatus, ExemptionRequest, ExemptionType, IssuedDocument, RequestStatus
from ..registry import spec_for

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type from paper


DOCUMENT_NUMBER_SERIES = "exemption-documents"


def document_number_series(*, exemption_type: ExemptionType) -> str:
    """The series of certificate numbers in `portal.numbering`: one for every type, restarting each year
    (제2026-0001호, 제2026-0002호, …)."""
    return DOCUMENT_NUMBER_SERIES


def document_issuer() -> DocumentIssuer:
    """In whose name certificates are issued: the row staff keep, or its defaults (서울특별시 서초구청장)."""
    return DocumentIssuer.objects.order_by("pk").first() or DocumentIssuer()


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
    project = (DesignatedProject.objects.filter(pk=request.data.get("designated_project")).first()
               or company.designated_project)
    issuer = document_issuer()
    return {
        "company": {"name_ko": company.name_ko, "name_en": company.name_en or company.name_ko,
                    "brn": company.business_registration_number},
        "project": {"name_ko": project.name_ko if project else "",
                    "name_en": (project.name_en or project.name_ko) if project else ""},
        "issuer": {"name_ko": issuer.name_ko, "name_en": issuer.name_en or issuer.name_ko},
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


def _seal_bytes() -> bytes | None:
    """The issuer's seal image (직인) as staff uploaded it, if any."""
    seal = document_issuer().seal
    if not seal:
        return None
    with storages["private"].open(seal.name, "rb") as file:
        return file.read()


def _value(field, value, language: str) -> str:
    """An answer as the certificate prints it: a choice by its name, a date on the official date line."""
    if value in (None, ""):
        return "-"
    choices = dict(getattr(field, "choices", None) or [])
    if choices:
        return str(choices.get(value, value))
    if isinstance(field, forms.DateField):
        try:
            return format_official_date(dt.date.fromisoformat(value), language)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def document_render_data(*, document: IssuedDocument, code: str, language: str) -> dict:
    """What the certificate says in one language: the JSON the Typst template reads, and the HWPX's blocks."""
    exemption_type = document.exemption_type
    spec = spec_for(exemption_type)
    facts = document.facts
    verify_url = settings.SITE_URL + reverse("exemptions:verify_link", args=[document.number, code])
    english = language == "en"
    name = "name_en" if english else "name_ko"
    with translation.override(language):
        fields = spec.form_class.base_fields
        subject_rows = [[str(fields[f].label), _value(fields[f], facts["subject"].get(f, ""), language)]
                        for f in spec.certified]
        company, project = facts["company"], facts.get("project") or {}
        issuer = facts.get("issuer") or {"name_ko": DocumentIssuer().name_ko, "name_en": DocumentIssuer().name_en}
        lease_start, lease_end = (dt.date.fromisoformat(facts["lease"][k]) for k in ("start", "end"))
        subject = document.request.subject if document.request_id else ""
        data = {
            "lang": language,
            "title": exemption_type.document_title_en if english else exemption_type.document_title_ko,
            "legal_basis": exemption_type.legal_basis_en if english else exemption_type.legal_basis_ko,
            "statement": exemption_type.statement(language, company=company[name], project=project.get(name, ""),
                                                  subject=subject),
            "closing": "위와 같이 확인합니다." if not english else "The above is hereby certified.",
            "number": document.number,
            "issuer": issuer[name],
            "office": settings.EXEMPTIONS_ISSUING_OFFICE_EN if english else settings.EXEMPTIONS_ISSUING_OFFICE_KO,
            "labels": {
                "number": _("Document number"), "issued_on": _("Issued on"), "valid_until": _("Valid until"),
                "holder": _("Company"), "subject": _("Subject of the request"), "verify": _("Verify this document"),
                "code": _("Verification code"), "legal_basis": _("Legal basis"), "facts": _("Facts certified"),
                "verify_hint": _("Scan the QR code or enter the number and code at the address below."),
            },
            "issued_on": format_official_date(document.issued_on, language),
            "valid_until": format_official_date(document.valid_until, language),
            "holder_rows": [
                [_("Company name"), company[name]],
                [_("Business registration number"), company["brn"]],
                [_("Unit address"), facts["unit"]["address_en"] if english else facts["unit"]["address_ko"]],
                [_("Lease period"), f"{format_official_date(lease_start, language)} – "
                                    f"{format_official_date(lease_end, language)}"],
                [_("Designated project (특화사업)"), project.get(name, "") or "-"],
            ],
            "subject_rows": subject_rows,
            "verify_url": verify_url,
            "code": code,
            "qr_svg": _qr_svg(verify_url),
        }
    seal = _seal_bytes()
    data["seal"] = list(seal) if seal else None  # Typst reads images from bytes
    return data


def document_render_hwpx(data: dict) -> bytes:
    """The same certificate as an HWPX file staff open in Hangul (the QR code as an image)."""
    import segno

    labels = data["labels"]
    qr = io.BytesIO()
    segno.make(data["verify_url"], error="m").save(qr, kind="png", scale=4, border=2)
    doc = (
        HwpxBuilder()
        .paragraph(data["title"], size=18, bold=True, align="CENTER")
        .table([(labels["number"], data["number"]), (labels["issued_on"], data["issued_on"]),
                (labels["valid_until"], data["valid_until"]), (labels["legal_basis"], data["legal_basis"])])
        .paragraph(labels["holder"], bold=True)
        .table([tuple(row) for row in data["holder_rows"]])
        .paragraph(labels["subject"], bold=True)
        .table([tuple(row) for row in data["subject_rows"]])
        .paragraph(data["statement"])
        .paragraph(data["closing"])
        .paragraph(data["issued_on"], align="CENTER")
        .paragraph(data["issuer"], size=16, bold=True, align="CENTER")
    )
    seal = bytes(data["seal"]) if data.get("seal") else None
    if seal:
        fmt = "png" if seal[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
        doc.image(seal, format=fmt, width_mm=22, height_mm=22, align="CENTER")
    doc.image(qr.getvalue(), format="png", width_mm=25, height_mm=25, align="LEFT")
    doc.paragraph(f"{labels['verify']}: {data['verify_url']}")
    doc.paragraph(f"{labels['code']}: {data['code']}")
    return doc.render()


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
    files = []
    for language in languages:
        suffix = "" if language == "ko" else "_en"
        stem = f"{folder}/{document.number}-{language}"
        files.append(DocumentFile(
            field=f"pdf{suffix}_path", path=f"{stem}.pdf",
            render=lambda language=language: render_pdf(
                exemption_type.template, document_render_data(document=document, code=code, language=language)),
        ))
        files.append(DocumentFile(
            field=f"hwpx{suffix}_path", path=f"{stem}.hwpx",
            render=lambda language=language: document_render_hwpx(
                document_render_data(document=document, code=code, language=language)),
        ))
    attached, paths = document_files_attach(
        model=IssuedDocument, pk=document.pk, files=files,
        changes={"verification_code_hash": selectors.verification_hash(code)},
        on_attach=lambda _paths: notifications.document_issued(document=document),
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
    number = official_number(year=today.year, sequence=document.sequence)
    document.number = f"{exemption_type.number_prefix} {number}" if exemption_type.number_prefix else number
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
