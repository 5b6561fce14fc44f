"""Writes of helpdesk: a notice's attachment, an inquiry filed, assigned, answered, closed, reopened, its
internal notes, and an FAQ entry made from an answer."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from portal.numbering import number_take
from portal.uploads import sanitize_filename, validate_upload
from portal.workflow import status_change_record, transition_apply
from portal.working_days import working_day_add

from . import selectors
from .models import FAQ, Inquiry, InquiryAttachment, InquiryNote
from .notifications import notify_asker_of_answer, notify_staff_of_inquiry
from .workflow import INQUIRY_WORKFLOW, InquiryStatus


def inquiry_number_next(*, year: int) -> str:
    """The next receipt number of the year, e.g. Q-2026-0001, from the portal's gap-free counter
    (`portal.numbering`): taken in the filing transaction, so two filings never share a number and a
    rolled-back one leaves no gap."""
    number = number_take(series="helpdesk:inquiry", year=year)
    return f"{settings.HELPDESK_INQUIRY_NUMBER_PREFIX}-{year}-{number:04d}"


def inquiry_due_date(*, received_on: dt.date) -> dt.date:
    """HELPDESK_INQUIRY_DUE_WORKING_DAYS working days after receipt (the day of receipt not counted)."""
    return working_day_add(received_on, settings.HELPDESK_INQUIRY_DUE_WORKING_DAYS)


def _check_about(*, user, application=None, invoice=None, booking=None) -> None:
    """The objects an inquiry is about must be the asker's own."""
    checks = ((application, selectors.askable_applications), (invoice, selectors.askable_invoices),
              (booking, selectors.askable_bookings))
    for obj, own in checks:
        if obj is not None and not own(user=user).filter(pk=obj.pk).exists():
            raise DomainError(_("You can only ask about your own applications, invoices and bookings."),
                              code="not_own_object")


def _check_files(files) -> None:
    """Attachments by content, as every upload (portal/uploads.py); the form says the same beside its field."""
    from .forms import INQUIRY_FORMATS

    if len(files) > settings.HELPDESK_ATTACHMENT_MAX_FILES:
        raise DomainError(_("Attach at most %(count)s files.") % {"count": settings.HELPDESK_ATTACHMENT_MAX_FILES},
                          code="too_many_files")
    validator = validate_upload(allowed_formats=INQUIRY_FORMATS,
                                max_bytes=settings.HELPDESK_ATTACHMENT_MAX_MB * 1024 * 1024)
    for upload in files:
        try:
            validator(upload)
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), code=exc.code or "invalid_file") from exc


@transaction.atomic
def inquiry_submit(
    *, asker, category: str, subject: str, body: str, files=(), application=None, invoice=None, booking=None,
) -> Inquiry:
    """File an inquiry: its receipt number, its due date, its first status, its attachments, and a notice to
    the category's staff after commit."""
    _check_about(user=asker, application=application, invoice=invoice, booking=booking)
    _check_files(files)
    now = timezone.now()
    today = timezone.localdate(now)
    inquiry = Inquiry.objects.create(
        number=inquiry_number_next(year=today.year), asker=asker, category=category, subject=subject.strip(),
        body=body.strip(), application=application, invoice=invoice, booking=booking, received_at=now,
        due_on=inquiry_due_date(received_on=today),
    )
    for upload in files:
        InquiryAttachment.objects.create(inquiry=inquiry, file=upload, name=sanitize_filename(upload.name),
                                         size=upload.size or 0)
    status_change_record(instance=inquiry, to_status=InquiryStatus.RECEIVED, actor=asker, name="submit", at=now)
    notify_staff_of_inquiry(inquiry=inquiry, template="helpdesk/inquiry_received")
    return inquiry


@transaction.atomic
def inquiry_assign(*, inquiry: Inquiry, officer, actor) -> Inquiry:
    """Give the inquiry to `officer` (a staff member); a received one becomes "assigned"."""
    if officer is None or not officer.is_staff or not officer.is_active:
        raise DomainError(_("Choose an active staff member as the officer."), code="officer")
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if locked.status == InquiryStatus.RECEIVED:
        locked = transition_apply(workflow=INQUIRY_WORKFLOW, instance=locked, name="assign", actor=actor,
                                  changes={"assigned_to": officer})
    elif locked.assigned_to_id != officer.pk:
        locked.assigned_to = officer
        locked.save(update_fields=["assigned_to", "updated_at"])
    else:
        return locked
    if officer.pk != getattr(actor, "pk", None):
        notify_staff_of_inquiry(inquiry=locked, template="helpdesk/inquiry_assigned")
    return locked


@transaction.atomic
def inquiry_answer(*, inquiry: Inquiry, actor, answer: str | None = None) -> Inquiry:
    """Send the answer (the one given, or the one saved on the inquiry): shown to the asker and e-mailed in
    their language."""
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    text = (answer if answer is not None else locked.answer).strip()
    if not text:
        raise DomainError(_("Write the answer first, then send it."), code="answer_empty", field="answer")
    changes = {"answer": text, "answered_at": timezone.now(), "answered_by": actor}
    if locked.assigned_to_id is None:
        changes["assigned_to"] = actor
    locked = transition_apply(workflow=INQUIRY_WORKFLOW, instance=locked, name="answer", actor=actor,
                              changes=changes)
    notify_asker_of_answer(inquiry=locked)
    return locked


def inquiry_close(*, inquiry: Inquiry, actor) -> Inquiry:
    return transition_apply(workflow=INQUIRY_WORKFLOW, instance=inquiry, name="close", actor=actor)


def inquiry_resolve(*, inquiry: Inquiry, actor) -> Inquiry:
    """The asker says the answer settles the question."""
    return transition_apply(workflow=INQUIRY_WORKFLOW, instance=inquiry, name="resolve", actor=actor)


def inquiry_can_reopen(inquiry: Inquiry, *, at=None) -> bool:
    at = at or timezone.now()
    return (inquiry.status in (InquiryStatus.ANSWERED, InquiryStatus.CLOSED) and inquiry.answered_at is not None
            and at <= inquiry.answered_at + dt.timedelta(days=settings.HELPDESK_INQUIRY_REOPEN_DAYS))


@transaction.atomic
def inquiry_reopen(*, inquiry: Inquiry, actor, reason: str) -> Inquiry:
    """The asker reopens the inquiry within HELPDESK_INQUIRY_REOPEN_DAYS of the answer, saying why; it goes
    back to its officer with a new due date."""
    now = timezone.now()

    def within_period(locked: Inquiry) -> None:
        if not inquiry_can_reopen(locked, at=now):
            raise DomainError(
                _("An inquiry can be reopened within %(days)s days of its answer. Please file a new inquiry.")
                % {"days": settings.HELPDESK_INQUIRY_REOPEN_DAYS}, code="reopen_period")

    locked = transition_apply(workflow=INQUIRY_WORKFLOW, instance=inquiry, name="reopen", actor=actor,
                              reason=reason, check=within_period,
                              changes={"due_on": inquiry_due_date(received_on=timezone.localdate(now))})
    notify_staff_of_inquiry(inquiry=locked, template="helpdesk/inquiry_reopened")
    return locked


def inquiry_note_add(*, inquiry: Inquiry, author, body: str) -> InquiryNote:
    """A note among staff; the asker never sees it."""
    if not body.strip():
        raise DomainError(_("Write the note."), code="note_empty")
    return InquiryNote.objects.create(inquiry=inquiry, author=author, body=body.strip())


@transaction.atomic
def faq_create_from_inquiry(*, inquiry: Inquiry, actor) -> FAQ:
    """A draft FAQ entry (unpublished) from an answered inquiry: its subject as the question, the answer as
    the answer; staff remove anything personal and publish it."""
    if not inquiry.answer.strip() or inquiry.answered_at is None:
        raise DomainError(_("Only an answered inquiry can become an FAQ entry."), code="not_answered")
    return FAQ.objects.create(category=inquiry.category, question_ko=inquiry.subject[:300],
                              answer_ko=inquiry.answer, is_published=False, source_inquiry=inquiry)
