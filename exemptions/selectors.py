"""Reads of exemptions shared by views, admin and services: lists per company, the staff checks,
answers for display (sensitive values masked), the certified facts and the public verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.formatting import format_kst_date, format_period, parse_iso
from privacy.access_log import Subject, SubjectKind
from tenants.models import LEASE_LIVE_STATUSES, Company, Lease, LeaseStatus, TeamMembership

from .models import DocumentStatus, ExemptionRequest, ExemptionType, IssuedDocument, RequestStatus
from .registry import Check, spec_for

ACTIVE_LEASE_STATUSES = (LeaseStatus.ACTIVE, LeaseStatus.ENDING)


def exemption_type_list_open() -> QuerySet[ExemptionType]:
    return ExemptionType.objects.filter(is_active=True).order_by("code")


def request_list_for_company(*, company: Company) -> QuerySet[ExemptionRequest]:
    return (
        ExemptionRequest.objects.filter(company=company)
        .select_related("exemption_type", "document")
        .defer("sensitive")
        .order_by("-submitted_at")
    )


def request_open_exists(
    *, company: Company, exemption_type: ExemptionType, field: str, value: str, exclude_pk: int | None = None,
) -> bool:
    """Whether the company has a request of the type for this answer that is still open (submitted, sent
    back for information, or approved with its document not yet issued) or whose document is valid today."""
    today = timezone.localdate()
    live = (
        Q(status__in=[RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED])
        | Q(status=RequestStatus.APPROVED, document__isnull=True)
        | Q(status=RequestStatus.APPROVED, document__status=DocumentStatus.VALID, document__valid_until__gte=today)
    )
    return (
        ExemptionRequest.objects.filter(company=company, exemption_type=exemption_type, **{f"data__{field}": value})
        .exclude(pk=exclude_pk).filter(live).exists()
    )


def document_list_for_company(*, company: Company) -> QuerySet[IssuedDocument]:
    return (
        IssuedDocument.objects.filter(company=company).exclude(pdf_path="").select_related("exemption_type", "request")
        .defer("request__sensitive").order_by("-issued_on", "-number")
    )


def lease_active_for(*, company: Company, today: dt.date | None = None) -> Lease | None:
    """The company's active lease covering today (the one a document certifies), or None."""
    today = today or timezone.localdate()
    return (
        Lease.objects.filter(
            company=company, status__in=ACTIVE_LEASE_STATUSES, start_date__lte=today, end_date__gte=today
        )
        .select_related("unit__floor__building")
        .order_by("-end_date")
        .first()
    )


def company_has_live_lease(*, company_id: int, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return Lease.objects.filter(company_id=company_id, status__in=LEASE_LIVE_STATUSES, end_date__gte=today).exists()


@dataclass
class CheckContext:
    team_names: list[str]
    company_names: list[str]
    designated_project_id: int | None = None


def request_checks(*, request: ExemptionRequest) -> list[Check]:
    """What staff see beside a request: the active lease first, then the type's own checks."""
    company = request.company
    lease = lease_active_for(company=company)
    checks = [
        Check(
            _("The company has an active lease"), lease is not None,
            _("Unit %(unit)s until %(end)s") % {"unit": lease.unit.code, "end": format_kst_date(lease.end_date)}
            if lease else _("No active lease today."),
        )
    ]
    ctx = CheckContext(
        team_names=list(TeamMembership.objects.filter(company=company).values_list("user__name", flat=True)),
        company_names=[company.name_ko, company.name_en],
        designated_project_id=company.designated_project_id,
    )
    return checks + spec_for(request.exemption_type).checks(request.data, ctx)


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    choices = dict(getattr(field, "choices", None) or [])
    if choices:
        return str(choices.get(value, value))
    if isinstance(field, forms.DateField):
        return format_kst_date(value) if isinstance(parse_iso(str(value)), dt.date) else str(value)
    return str(value)


def request_answers(*, request: ExemptionRequest) -> list[tuple[str, str]]:
    """(label, value) of every question in the form's order; sensitive values are masked."""
    spec = spec_for(request.exemption_type)
    rows = []
    for name, field in spec.form_class.base_fields.items():
        if name in spec.sensitive_fields:
            masked = request.data.get(f"{name}_masked", "")
            rows.append((str(field.label), masked or _("(deleted)")))
        elif name == "nationality" and not request.data.get(name) and request.data.get("nationality_as_typed"):
            # Typed before the country list and not placed by the migration: shown as typed until corrected.
            rows.append((str(field.label), _("%(typed)s (as typed: choose the country again)") % {
                "typed": request.data["nationality_as_typed"]}))
        else:
            rows.append((str(field.label), _display(field, request.data.get(name))))
    return rows


def document_certified_rows(*, document: IssuedDocument) -> list[tuple[str, str]]:
    """(label, value) of what an issued document certifies, for staff in the language of the page: the
    company's facts, then the certified answers by their question and, for a choice, its name (not its
    stored code); identifiers as masked when issued."""
    facts = document.facts or {}
    english = (translation.get_language() or "ko").startswith("en")

    def named(part: str, key: str = "name") -> str:
        values = facts.get(part) or {}
        return (english and values.get(f"{key}_en")) or values.get(f"{key}_ko", "")

    lease = facts.get("lease") or {}
    rows = [
        (_("Company name"), named("company")),
        (_("Business registration number"), (facts.get("company") or {}).get("brn", "")),
        (_("Unit address"), named("unit", "address")),
        (_("Lease period"), format_period(lease.get("start"), lease.get("end"))),
        (_("Designated project (특화사업)"), named("project")),
        (_("Issued in the name of"), named("issuer")),
    ]
    fields = spec_for(document.exemption_type).form_class.base_fields
    for name, value in (facts.get("subject") or {}).items():
        field = fields.get(name)
        rows.append((str(field.label), _display(field, value)) if field is not None else (name, str(value)))
    return rows


def request_masked_summary(*, request: ExemptionRequest) -> str:
    """One line for lists and exports: the subject and the masked identifiers."""
    spec = spec_for(request.exemption_type)
    parts = [request.subject]
    parts += [request.data.get(f"{name}_masked", "") for name in spec.sensitive_fields]
    return " · ".join(p for p in parts if p)


def request_access_subject(*, request: ExemptionRequest) -> Subject:
    """Whose data a request or its document shows, as the access log records it: the company, and the person
    the request is about as the lists show them (masked)."""
    return Subject(kind=SubjectKind.COMPANY, id=request.company_id,
                   label=f"{request.company} · {request_masked_summary(request=request)}")


def verification_hash(code: str) -> str:
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


def document_verify(*, number: str, code: str) -> IssuedDocument | None:
    """The document when number and code match; None otherwise (never saying which one is wrong)."""
    document = (
        IssuedDocument.objects.filter(number=number.strip().upper()).exclude(pdf_path="")
        .select_related("exemption_type", "company")
        .first()
    )
    expected = document.verification_code_hash if document else "0" * 64
    matches = hmac.compare_digest(expected, verification_hash(code or ""))
    return document if document and matches else None



