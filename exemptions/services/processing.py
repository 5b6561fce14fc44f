"""Requests as 민원 (민원 처리에 관한 법률): the receipt with its processing period in working days, the
period left out while the tenant supplies more information, the extension with reasons, and the
reminder to staff before the due date."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from portal import workflow
from portal.exceptions import DomainError, TransitionNotAllowed
from portal.numbering import number_take
from portal.working_days import working_day_add, working_days_between

from .. import notifications
from ..models import ExemptionRequest, ExemptionType, RequestStatus

RECEIPT_SERIES = "exemptions:receipt"


def request_due_date(*, exemption_type: ExemptionType, received_on: dt.date) -> dt.date:
    """The last day of the processing period: the type's working days after the day of receipt."""
    return working_day_add(received_on, exemption_type.processing_days)


def receipt_number_next(*, year: int) -> str:
    """The next receipt number (접수번호) of the year, e.g. E-2026-0001, from the portal's gap-free counter
    (`portal.numbering`), taken in the receipt's transaction: two receipts never share a number and a
    rolled-back one leaves no gap."""
    number = number_take(series=RECEIPT_SERIES, year=year)
    return f"{settings.EXEMPTIONS_RECEIPT_NUMBER_PREFIX}-{year}-{number:04d}"


def receipt_changes(*, request: ExemptionRequest, now: dt.datetime) -> dict:
    """What reaching district staff sets on a request: received now, its receipt number, the due date; once."""
    if request.received_at is not None:
        return {}
    received_on = timezone.localdate(now)
    return {"received_at": now, "receipt_number": receipt_number_next(year=received_on.year),
            "due_date": request_due_date(exemption_type=request.exemption_type, received_on=received_on)}


def resume_changes(*, request: ExemptionRequest, now: dt.datetime) -> dict:
    """The working days the tenant spent supplying more information are not counted (시행령 §21)."""
    if request.due_date is None:
        return {}
    asked = request.transitions.filter(name="ask_info").order_by("-at", "-id").values_list("at", flat=True).first()
    if asked is None:
        return {}
    paused = working_days_between(timezone.localdate(asked), timezone.localdate(now))
    return {"due_date": working_day_add(request.due_date, paused)} if paused else {}


@transaction.atomic
def request_extend(*, request: ExemptionRequest, actor: User, days: int, reason: str) -> ExemptionRequest:
    """Extend the processing period once, by `days` working days, with reasons the tenant is told."""
    workflow.require_district_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the extension: the tenant reads it."), code="reason",
                          field="reason")
    limit = settings.EXEMPTIONS_MAX_EXTENSION_DAYS
    if not 1 <= days <= limit:
        raise DomainError(_("Extend by 1 to %(limit)s working days.") % {"limit": limit}, code="days", field="days")
    locked = ExemptionRequest.objects.select_for_update().select_related("exemption_type").get(pk=request.pk)
    if locked.status not in (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED) or locked.due_date is None:
        raise TransitionNotAllowed(_("Only a request still being processed can be extended."), code="status")
    if locked.extension_days:
        raise DomainError(_("The processing period of this request was already extended."), code="extended")
    locked.extension_days, locked.extension_reason, locked.extended_at = days, reason, timezone.now()
    locked.due_date = working_day_add(locked.due_date, days)
    locked.save(update_fields=["extension_days", "extension_reason", "extended_at", "due_date", "updated_at"])
    notifications.request_extended(request=locked)
    return locked


def request_due_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind district staff of the requests waiting for them whose due date is at most
    EXEMPTIONS_DUE_REMINDER_WORKING_DAYS working days away (or past); once per request and due date, so an
    extended request is reminded again before its new date and running twice sends nothing twice."""
    today = today or timezone.localdate()
    horizon = working_day_add(today, settings.EXEMPTIONS_DUE_REMINDER_WORKING_DAYS)
    candidates = ExemptionRequest.objects.filter(status=RequestStatus.SUBMITTED, due_date__lte=horizon).filter(
        Q(due_reminder_sent_for__isnull=True) | ~Q(due_reminder_sent_for=F("due_date"))
    ).values_list("pk", flat=True)
    return sum(_due_reminder_send(request_pk=pk) for pk in list(candidates))


@transaction.atomic
def _due_reminder_send(*, request_pk: int) -> int:
    request = (ExemptionRequest.objects.select_for_update().select_related("exemption_type", "company")
               .defer("sensitive").get(pk=request_pk))
    if request.status != RequestStatus.SUBMITTED or request.due_date is None \
            or request.due_reminder_sent_for == request.due_date:
        return 0
    request.due_reminder_sent_for = request.due_date
    request.save(update_fields=["due_reminder_sent_for", "updated_at"])
    notifications.request_due_soon(request=request)
    return 1
