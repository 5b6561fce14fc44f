"""Writes on calls and applications. Every status change goes through `application_transition` (the engine)."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.services import user_grant_role
from decisions.models import DecisionKind
from decisions.services import decision_notice_issue
from portal.exceptions import DomainError, PermissionRefused, TransitionNotAllowed
from portal.providers.nts import nts_configured
from portal.queue import enqueue_on_commit
from portal.workflow import transition_apply

from . import notifications
from .consents import APPLICATION_NOTICE_VERSION, notice_periods
from .models import (
    DEFAULT_CRITERIA,
    DEFAULT_DOCUMENT_TYPES,
    Application,
    ApplicationDocument,
    ApplicationMessage,
    Call,
    CallDocumentType,
    EditKind,
    EvaluationCriterion,
    Question,
)
from .public_cache import public_pages_changed
from .services_calls import call_take_receipt_number
from .services_collaborators import application_edit_record, application_stale_check, collaborator_may_edit
from .services_forms import application_answers_prune, form_definition_for_new_application
from .workflow import STATES, WORKFLOW, Status

logger = logging.getLogger(__name__)


@transaction.atomic
def call_add_defaults(*, call: Call) -> Call:
    """Give a new call the usual documents and the default criteria of both stages (40/30/30)."""
    if not call.document_types.exists():
        CallDocumentType.objects.bulk_create(
            CallDocumentType(call=call, name_ko=ko, name_en=en, required=required, allowed_formats=formats,
                             position=i, generated_form=generated)
            for i, (ko, en, required, formats, generated) in enumerate(DEFAULT_DOCUMENT_TYPES)
        )
    if not call.criteria.exists():
        EvaluationCriterion.objects.bulk_create(
            EvaluationCriterion(call=call, stage=stage, name_ko=ko, name_en=en, max_points=points, position=i,
                                description_ko=description_ko, description_en=description_en)
            for stage in (EvaluationCriterion.Stage.WRITTEN, EvaluationCriterion.Stage.PRESENTATION)
            for i, (ko, en, points, description_ko, description_en) in enumerate(DEFAULT_CRITERIA)
        )
    public_pages_changed()  # bulk_create sends no signals
    return call


def application_transition(
    *, application: Application, name: str, actor, reason: str = "", at=None, extra_fields: dict | None = None,
    reason_en: str = "",
) -> Application:
    """Apply the named transition of the workflow, or raise TransitionNotAllowed / PermissionRefused.

    `extra_fields` are saved in the same write (submitted_at, receipt_number, reopened_fields, ...).
    Returns the locked application; the one passed in is left as it was. Marking it ineligible gives the
    applicant the decision's notice with its reasons and appeal route at once; a non-selection gives it once
    the call's results are released (`application_decision_notice_issue`); `reason_en`, optional, is the English
    of the reasons for the notice's English translation, kept with the status change until the notice is given.
    """
    result = transition_apply(workflow=WORKFLOW, instance=application, name=name, actor=actor, reason=reason, at=at,
                              changes=extra_fields, reason_en=reason_en)
    if name == "mark_ineligible" or (name == "not_select" and Call.objects.filter(
            pk=result.call_id, results_released_at__isnull=False).exists()):
        application_decision_notice_issue(application=result, reason=reason, reason_en=reason_en, at=at)
    return result


_DECISION_KINDS = {Status.INELIGIBLE: DecisionKind.APPLICATION_INELIGIBLE,
                   Status.NOT_SELECTED: DecisionKind.APPLICATION_NOT_SELECTED}
# The transitions whose decision the applicant is given a notice of (at once, or at the release of the results):
# their reasons are also asked in English, for the notice's English translation.
DECISIONS_WITH_NOTICE = frozenset(t.name for t in WORKFLOW.transitions.values() if t.target in _DECISION_KINDS)


def application_decision_notice_issue(*, application: Application, reason: str = "", reason_en: str = "", at=None):
    """The notice of an ineligibility or a non-selection (행정절차법 §23, §26), once; `reason` and its English
    `reason_en` (optional: the English notice prints the Korean reasons with a note without it) default to
    those recorded with the transition that made the decision."""
    kind = _DECISION_KINDS[application.status]
    if not reason:
        change = application.transitions.filter(to_status=application.status).order_by("-at", "-id").first()
        reason, reason_en = (change.reason, change.reason_en) if change else ("", "")
        if not reason:  # only a status set outside the workflow (an import) has no recorded reason
            logger.warning("application %s: no reasons recorded for its %s, no decision notice", application.pk,
                           application.status)
            return None
    call = Call.objects.only("code", "title_ko", "title_en").get(pk=application.call_id)
    return decision_notice_issue(
        subject=application, kind=kind, reasons=reason, reasons_en=reason_en, decided_at=at,
        addressee=application.company_name_ko or application.contact_name,
        addressee_en=application.company_name_en or application.contact_name,
        matter=f"{call.code} {call.title_ko}", matter_en=f"{call.code} {call.title_en or call.title_ko}",
        reference=application.receipt_number or "",
    )


# ---------------------------------------------------------------------------------------------
# The applicant's application
# ---------------------------------------------------------------------------------------------


def _check_window(*, call: Call, at) -> None:
    """Inside [opens_at, closes_at) in server time; the messages give the moments in Korea time."""
    from portal.formatting import format_kst

    if at < call.opens_at:
        raise DomainError(_("This call is not open yet: applications open on %(opens)s.")
                          % {"opens": format_kst(call.opens_at)}, code="not_open")
    if at >= call.closes_at:
        raise DomainError(_("This call closed on %(closes)s: applications are no longer accepted.")
                          % {"closes": format_kst(call.closes_at)}, code="closed")


def user_may_apply(user) -> bool:
    """Those who review applications (district staff, evaluators, any admin user) never file one
    from the same account: their access to others' applications would be a conflict of interest."""
    return not (user.is_staff or user.is_superuser or user.is_evaluator or user.has_role(Role.DISTRICT_STAFF))


def _consent_fields(*, collection: bool, committee: bool, at) -> dict:
    """Both consents of the start page are required; each is recorded with the notice's version and the
    retention periods the notice stated at that moment."""
    if not collection:
        raise DomainError(_("Without this consent you cannot apply online, as the application cannot be "
                            "evaluated."), code="consent", field="consent_collection")
    if not committee:
        raise DomainError(_("Without this consent the application cannot be evaluated, so you cannot apply."),
                          code="consent", field="consent_committee")
    return {"consent_version": APPLICATION_NOTICE_VERSION, "consent_periods": notice_periods(),
            "consent_collection_at": at, "consent_committee_at": at}


def application_start(
    *, call: Call, applicant, consent_collection: bool, consent_committee: bool, at=None,
) -> tuple[Application, bool]:
    """Resume the applicant's application to the call, or start a draft while the call is open, with
    the applicant's consents to the collection and to the evaluation committee reading it (a draft
    started without them, before they were asked, records them now).

    Returns (application, created). Whoever starts an application gets the applicant role.
    """
    from .selectors import application_current_for_call

    existing = application_current_for_call(user=applicant, call=call)
    if existing is not None:
        if existing.consent_collection_at is None and existing.status == Status.DRAFT:
            fields = _consent_fields(collection=consent_collection, committee=consent_committee,
                                     at=at or timezone.now())
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save(update_fields=[*fields, "updated_at"])
        return existing, False
    if not user_may_apply(applicant):
        raise PermissionRefused(_(
            "Staff and evaluator accounts cannot apply for space. Please sign up with a separate account "
            "for your company."
        ))
    _check_window(call=call, at=at or timezone.now())
    consents = _consent_fields(collection=consent_collection, committee=consent_committee, at=at or timezone.now())
    if not applicant.has_role(Role.APPLICANT):
        user_grant_role(user=applicant, role=Role.APPLICANT)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call, applicant=applicant, contact_name=applicant.name, contact_email=applicant.email,
                contact_phone=applicant.phone, form_definition=form_definition_for_new_application(call=call),
                **consents,
            )
    except IntegrityError:  # a concurrent request created it first
        return application_current_for_call(user=applicant, call=call), False
    return application, True


def _lock_editable(*, application: Application, actor) -> Application:
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if not collaborator_may_edit(application=locked, actor=actor):
        raise PermissionRefused(_("Only the applicant and the colleagues they invited as editors can do this."))
    if not STATES[locked.status].applicant_can_edit:
        raise DomainError(_("This application has been submitted and can no longer be changed."), code="read_only")
    return locked


@transaction.atomic
def application_update_draft(*, application: Application, actor, changes: dict, seen: int | None = None) -> list[str]:
    """Save the given field values on a draft (or the reopened fields after a request for information), by the
    applicant or an editor among their colleagues; the edit is logged with who made it.

    Only fields the applicant may change now are written; returns the names of the saved fields. With `seen`,
    the id of the latest edit when the page was opened, a save that would undo someone else's later change
    raises StaleEdit and saves nothing.
    """
    from .selectors import FIELD_STEP, application_field_is_editable

    locked = _lock_editable(application=application, actor=actor)
    application_stale_check(application=locked, actor=actor, seen=seen,
                            differing=lambda key: key in changes and getattr(locked, key) != changes[key])
    saved = []
    for name, value in changes.items():
        if name not in FIELD_STEP:
            raise DomainError(_("Unknown field."), code="unknown_field")
        if not application_field_is_editable(application=locked, key=name):
            continue
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            saved.append(name)
    if saved:
        locked._change_reason = "update_draft"
        locked.save(update_fields=[*saved, "updated_at"])
        application_edit_record(application=locked, actor=actor, keys=saved)
        for name in saved:
            setattr(application, name, getattr(locked, name))
    return saved


def _sha256(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


@transaction.atomic
def application_document_upload(
    *, application: Application, actor, document_type: CallDocumentType, uploaded_file,
) -> ApplicationDocument:
    """Store an upload for one document type of the call, replacing the previous file of that type.

    The format is decided by the file's content and must be one the document type allows.
    """
    from portal.uploads import sanitize_filename, validate_upload

    from .selectors import application_field_is_editable, document_key

    # The content is checked (and scanned) before the application's row is locked.
    validator = validate_upload(
        allowed_formats=document_type.allowed_formats, max_bytes=document_type.max_size_mb * 1024 * 1024
    )
    try:
        validator(uploaded_file)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code=exc.code or "invalid_file")
    locked = _lock_editable(application=application, actor=actor)
    if document_type.call_id != locked.call_id:
        raise DomainError(_("This document is not part of the call."), code="wrong_call")
    if not application_field_is_editable(application=locked, key=document_key(document_type.id)):
        raise DomainError(_("This document cannot be changed now."), code="read_only")
    detected = uploaded_file.detected_format
    name = sanitize_filename(uploaded_file.name)
    previous = ApplicationDocument.objects.select_for_update().filter(
        application=locked, document_type=document_type
    ).first()
    sha = _sha256(uploaded_file)
    if previous is not None:
        _delete_document(previous)
    document = ApplicationDocument(
        application=locked, document_type=document_type, original_name=name[:255], size=uploaded_file.size,
        detected_format=detected, sha256=sha, uploaded_by=actor,
    )
    document.file.save(name, uploaded_file, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    application_edit_record(application=locked, actor=actor, keys=[document_key(document_type.id)],
                            kind=EditKind.UPLOADED)
    return document


def _delete_document(document: ApplicationDocument) -> None:
    from django.core.files.storage import storages

    name = document.file.name
    document.delete()
    transaction.on_commit(lambda: storages["private"].delete(name))


@transaction.atomic
def application_document_remove(*, application: Application, actor, document: ApplicationDocument) -> None:
    """Remove an uploaded document before submitting (or while it is reopened)."""
    from .selectors import application_field_is_editable, document_key

    locked = _lock_editable(application=application, actor=actor)
    if document.application_id != locked.pk:
        raise DomainError(_("This document is not part of the application."), code="wrong_application")
    if not application_field_is_editable(application=locked, key=document_key(document.document_type_id)):
        raise DomainError(_("This document cannot be changed now."), code="read_only")
    _delete_document(document)
    application_edit_record(application=locked, actor=actor, keys=[document_key(document.document_type_id)],
                            kind=EditKind.REMOVED)


@transaction.atomic
def application_submit(*, application: Application, actor, declared_true: bool, at=None) -> Application:
    """Submit a complete draft inside the call's window: receipt number, submitted_at, status "submitted",
    and the time of the applicant's truthfulness declaration (required: "I confirm that the above is true").

    The application's row, then the call's row, are locked, so a double click or a retry cannot submit
    twice nor take two receipt numbers.
    """
    from .selectors import application_problems

    at = at or timezone.now()
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if actor is None or actor.pk != locked.applicant_id:
        raise PermissionRefused(_("Only the applicant can do this."))
    if locked.status != Status.DRAFT:
        raise TransitionNotAllowed(
            _("This application has already been submitted (receipt number %(receipt)s).")
            % {"receipt": locked.receipt_number or "-"}, code="already_submitted",
        )
    call = Call.objects.select_for_update().get(pk=locked.call_id)
    locked.call = call
    _check_window(call=call, at=at)
    problems = application_problems(application=locked)
    if problems:
        raise DomainError(_("The application is not complete yet: %(first)s") % {"first": problems[0].message},
                          code="incomplete")
    if not declared_true:
        raise DomainError(_("Tick the declaration that the application is true to submit it."),
                          code="declaration", field="declared_true")
    answers = application_answers_prune(application=locked)
    receipt = call_take_receipt_number(call=call)
    result = application_transition(
        application=locked, name="submit", actor=actor, at=at,
        extra_fields={"receipt_number": receipt, "submitted_at": at, "truth_declared_at": at, "answers": answers},
    )
    result.call, result.applicant = call, actor  # already loaded: the notice needs no query for them
    notifications.application_submitted(application=result)
    if nts_configured():
        from .tasks import application_business_check_task

        enqueue_on_commit(application_business_check_task, application_id=result.pk)
    return result


@transaction.atomic
def application_request_information(
    *, application: Application, actor, message: str, reopened_fields: list[str],
) -> Application:
    """Staff ask the applicant for more information and reopen the listed fields and documents.

    `reopened_fields` holds field names of the form and "document:<document type id>" keys
    (see `selectors.application_reopenable_items`). The applicant is notified.
    """
    from .selectors import DOCUMENT_KEY_PREFIX, FIELD_STEP
    from .selectors_forms import ANSWER_KEY_PREFIX

    if not message or not message.strip():
        raise DomainError(_("Please write a message telling the applicant what is needed."), code="no_message")
    type_ids = set(CallDocumentType.objects.filter(call_id=application.call_id).values_list("id", flat=True))
    question_keys = set(Question.objects.filter(definition_id=application.form_definition_id)
                        .values_list("key", flat=True)) if application.form_definition_id else set()
    keys = []
    for key in reopened_fields:
        if (key in FIELD_STEP and not application.form_definition_id) or (
                key.startswith(ANSWER_KEY_PREFIX) and key.removeprefix(ANSWER_KEY_PREFIX) in question_keys):
            keys.append(key)
        elif key.startswith(DOCUMENT_KEY_PREFIX) and key[len(DOCUMENT_KEY_PREFIX):].isdigit() and int(
            key[len(DOCUMENT_KEY_PREFIX):]
        ) in type_ids:
            keys.append(key)
        else:
            raise DomainError(_("Unknown item to reopen: %(key)s") % {"key": key}, code="unknown_item")
    if not keys:
        raise DomainError(_("Please choose at least one field or document to reopen."), code="nothing_reopened")
    result = application_transition(
        application=application, name="request_information", actor=actor, reason=message.strip(),
        extra_fields={"reopened_fields": list(dict.fromkeys(keys)), "info_request_message": message.strip()},
    )
    notifications.application_information_requested(application=result)
    return result


@transaction.atomic
def application_resubmit(*, application: Application, actor) -> Application:
    """The applicant sends the application back after updating the reopened items."""
    from .selectors import application_problems

    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status == Status.INFO_REQUESTED:
        reopened = set(locked.reopened_fields or [])
        problems = [
            p for p in application_problems(application=locked)
            if p.anchor.removeprefix("id_") in reopened or p.anchor.replace("document-", "document:") in reopened
            or p.key in reopened
        ]
        if problems:
            raise DomainError(_("The application is not complete yet: %(first)s") % {"first": problems[0].message},
                              code="incomplete")
    result = application_transition(
        application=locked, name="resubmit", actor=actor, extra_fields={"reopened_fields": []},
    )
    notifications.application_resubmitted(application=result)
    return result


@transaction.atomic
def application_withdraw(*, application: Application, actor, reason: str = "") -> Application:
    """The applicant withdraws a submitted application."""
    result = application_transition(
        application=application, name="withdraw", actor=actor, reason=reason, extra_fields={"reopened_fields": []},
    )
    notifications.application_withdrawn(application=result)
    return result


@transaction.atomic
def application_message_post(*, application: Application, author, body: str) -> ApplicationMessage:
    """Add a message to the application's thread (applicant or district staff) and notify the other side."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Please write a message."), code="empty")
    if len(body) > 5000:
        raise DomainError(_("A message can hold at most 5,000 characters."), code="too_long")
    is_applicant = author is not None and author.pk == application.applicant_id
    if not is_applicant and not (author is not None and author.is_district_staff):
        raise PermissionRefused(_("Only the applicant and district staff can write here."))
    message = ApplicationMessage.objects.create(
        application=application, author=author, from_staff=not is_applicant, body=body,
    )
    notifications.application_message_posted(message=message)
    return message
