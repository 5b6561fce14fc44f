"""Requests: filing, resubmitting, and every status change through one service."""

from __future__ import annotations

from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from decisions.models import DecisionKind
from decisions.services import decision_notice_issue
from portal.exceptions import DomainError, PermissionRefused, TransitionNotAllowed
from portal.queue import enqueue_on_commit
from portal.uploads import sanitize_filename, stored_name
from portal.workflow import status_change_record, transition_apply
from tenants.models import MANAGING_ROLES, Company, TeamMembership

from .. import notifications, selectors
from ..consents import IDENTIFIER_NOTICE_VERSION
from ..crypto import mask
from ..models import ExemptionRequest, ExemptionType, RequestStatus
from ..registry import spec_for
from ..workflow import REQUEST_WORKFLOW
from .processing import receipt_changes, resume_changes

# The notice each decision sends the company's managers.
DECISION_NOTICES = {
    RequestStatus.REJECTED: "exemptions/request_rejected",
    RequestStatus.INFO_REQUESTED: "exemptions/request_info",
    RequestStatus.CONSENT_WITHDRAWN: "exemptions/consent_withdrawn",
}


def company_manager_require(*, company: Company, actor: User) -> TeamMembership:
    membership = TeamMembership.objects.filter(company=company, user=actor).first()
    if membership is None or membership.role not in MANAGING_ROLES:
        raise PermissionRefused(_("Only the owner or an administrator of the company can file exemption requests."))
    return membership


def _store_uploads(*, request: ExemptionRequest, files: dict) -> dict:
    storage = storages["private"]
    stored = dict(request.uploads)
    for code, upload in files.items():
        name = sanitize_filename(upload.name)
        path = storage.save(f"exemptions/{request.company_id}/{request.pk}/{stored_name(name)}", upload)
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


def _refuse_duplicate(*, request: ExemptionRequest) -> None:
    """One open request (or valid document) per company for what the type files once (a patent
    application number); the company row is locked so that two submissions cannot both pass."""
    spec = spec_for(request.exemption_type)
    value = request.data.get(spec.once_per) if spec.once_per else None
    if not value:
        return
    Company.objects.select_for_update().filter(pk=request.company_id).values_list("pk", flat=True).first()
    if selectors.request_open_exists(
        company=request.company, exemption_type=request.exemption_type, field=spec.once_per, value=value,
        exclude_pk=request.pk,
    ):
        raise DomainError(
            _("Your company already has an open request or a valid document for %(value)s.") % {"value": value},
            code="duplicate", field=spec.once_per,
        )


@transaction.atomic
def request_submit(
    *, company: Company, exemption_type: ExemptionType, actor: User, data: dict, sensitive: dict, files: dict,
    identifier_consent: bool = False,
) -> ExemptionRequest:
    """File a request for the company (owners and administrators only). A type that collects unique
    identifiers needs the filer's separate consent (`identifier_consent`); its request then waits for
    the consent of the person they belong to, e-mailed a one-time link, before staff see it."""
    company_manager_require(company=company, actor=actor)
    if not exemption_type.is_active:
        raise DomainError(_("This kind of request is not open at the moment."), code="closed")
    spec = spec_for(exemption_type)
    needs_consent = bool(spec.sensitive_fields)
    if needs_consent and not identifier_consent:
        raise DomainError(
            _("Without this separate consent the request cannot be submitted: the district needs the numbers "
              "to issue the confirmation."), code="identifier_consent", field="identifier_consent")
    now = timezone.now()
    status = RequestStatus.AWAITING_CONSENT if spec.form_class.consent_email_field else RequestStatus.SUBMITTED
    request = ExemptionRequest(
        company=company, exemption_type=exemption_type, filed_by=actor, submitted_at=now, status=status,
        waiting_since=now if status == RequestStatus.SUBMITTED else None,
    )
    if needs_consent:
        request.identifier_consent_version, request.identifier_consent_at = IDENTIFIER_NOTICE_VERSION, now
    if status == RequestStatus.SUBMITTED:
        for name, value in receipt_changes(request=request, now=now).items():
            setattr(request, name, value)
    _apply_answers(request=request, data=data, sensitive=sensitive)
    _refuse_duplicate(request=request)
    request.save()
    request.uploads = _store_uploads(request=request, files=files)
    request.save(update_fields=["uploads", "updated_at"])
    status_change_record(instance=request, to_status=status, actor=actor)
    if status == RequestStatus.AWAITING_CONSENT:
        from .consents import employee_consent_link_send

        employee_consent_link_send(request=request)
    else:
        notifications.request_received(request=request)
    return request


@transaction.atomic
def request_resubmit(
    *, request: ExemptionRequest, actor: User, data: dict, sensitive: dict, files: dict, note: str = "",
) -> ExemptionRequest:
    """The tenant corrects a request staff sent back and submits it again."""
    request = ExemptionRequest.objects.select_for_update().select_related("exemption_type").get(pk=request.pk)
    company_manager_require(company=request.company, actor=actor)
    if request.status != RequestStatus.INFO_REQUESTED:
        raise TransitionNotAllowed(_("This request cannot be changed any more."), code="status")
    _apply_answers(request=request, data=data, sensitive=sensitive)
    _refuse_duplicate(request=request)
    request.uploads = _store_uploads(request=request, files=files)
    request.save(update_fields=["data", "sensitive", "subject", "deadline", "uploads", "updated_at"])
    return request_transition(request=request, to_status=RequestStatus.SUBMITTED, actor=actor, reason=note)


# The transition a person takes to reach a status; the portal's own (SYSTEM) ones are named by the caller.
# The first declared transition into each status is the one a caller means by the status alone; the others
# (the signed consent form's "consent_form_upload") are named by their callers.
_REQUEST_TRANSITION_TO: dict[str, str] = {}
for _transition in REQUEST_WORKFLOW.transitions.values():
    if not _transition.by_system:
        _REQUEST_TRANSITION_TO.setdefault(_transition.target, _transition.name)


@transaction.atomic
def request_transition(
    *, request: ExemptionRequest, to_status: str, actor: User | None, reason: str = "", name: str = "",
    reason_en: str = "",
) -> ExemptionRequest:
    """The one way a request changes status (the workflow engine), then what the change sets off. A refusal's
    `reason_en` (optional) is the English of its reasons, printed on the notice's English translation."""
    name = name or _REQUEST_TRANSITION_TO.get(to_status)
    if name is None:
        raise TransitionNotAllowed(_("Unknown action."), code="unknown_transition")
    reason = (reason or "").strip()

    def check(locked: ExemptionRequest) -> None:
        if to_status in (RequestStatus.REJECTED, RequestStatus.INFO_REQUESTED) and not reason:
            raise DomainError(_("Give the reason: the tenant reads it."), code="reason")
        if to_status == RequestStatus.APPROVED and selectors.lease_active_for(company=locked.company) is None:
            raise DomainError(
                _("The company has no active lease today, so there is nothing to certify."), code="lease"
            )

    now = timezone.now()
    changes = {"waiting_since": now if to_status == RequestStatus.SUBMITTED else None}
    if to_status in (RequestStatus.APPROVED, RequestStatus.REJECTED):
        changes.update(decided_at=now, decided_by=actor)
    if to_status in (RequestStatus.REJECTED, RequestStatus.INFO_REQUESTED):
        changes["staff_message"] = reason
    if to_status == RequestStatus.CONSENT_WITHDRAWN:  # the numbers go at once with the consent
        changes.update(sensitive={}, sensitive_purged_at=now)
    receipt = receipt_changes(request=request, now=now) if to_status == RequestStatus.SUBMITTED else {}
    changes.update(receipt)
    if name == "resubmit":
        changes.update(resume_changes(request=request, now=now))
    request = transition_apply(workflow=REQUEST_WORKFLOW, instance=request, name=name, actor=actor, reason=reason,
                               changes=changes, check=check)
    if receipt:
        notifications.request_received(request=request)
    if to_status == RequestStatus.APPROVED:
        from ..tasks import document_issue_task

        enqueue_on_commit(document_issue_task, request_id=request.pk)
    elif to_status in DECISION_NOTICES:
        if to_status == RequestStatus.REJECTED:  # a decision: its notice gives the reasons and the appeal route
            decision_notice_issue(
                subject=request, kind=DecisionKind.EXEMPTION_REFUSAL, reasons=reason, reasons_en=reason_en,
                decided_at=now, addressee=request.company.name_ko, addressee_en=request.company.name_en,
                reference=request.receipt_number or f"#{request.pk}",
                matter=f"{request.exemption_type.document_title_ko} ({request.exemption_type.name_ko})",
                matter_en=f"{request.exemption_type.document_title_en} ({request.exemption_type.name_en})",
            )
        notifications.request_decided(request=request, template=DECISION_NOTICES[to_status])
    return request


def request_approve(*, request: ExemptionRequest, actor: User, reason: str = "") -> ExemptionRequest:
    return request_transition(request=request, to_status=RequestStatus.APPROVED, actor=actor, reason=reason)


def request_reject(*, request: ExemptionRequest, actor: User, reason: str, reason_en: str = "") -> ExemptionRequest:
    return request_transition(request=request, to_status=RequestStatus.REJECTED, actor=actor, reason=reason,
                              reason_en=reason_en)


def request_ask_info(*, request: ExemptionRequest, actor: User, reason: str) -> ExemptionRequest:
    return request_transition(request=request, to_status=RequestStatus.INFO_REQUESTED, actor=actor, reason=reason)
