"""Reminders before a permitted stay ends, and the deletion of sensitive data past retention."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import notifications
from ..models import ExemptionRequest, RequestStatus, StayReminder
from .uploads import kept_uploads_purge


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
    notifications.stay_reminder(request=request, days_left=days_left)
    return 1


def sensitive_data_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the passport and registration numbers and the uploaded files of requests decided more
    than EXEMPTIONS_SENSITIVE_RETENTION_DAYS ago, or left unanswered that long after staff asked for
    more information (masked forms and issued documents stay); also the files kept from a refused
    request form that nobody claimed within a day."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EXEMPTIONS_SENSITIVE_RETENTION_DAYS)
    abandoned = Q(status__in=[RequestStatus.INFO_REQUESTED, RequestStatus.AWAITING_CONSENT], updated_at__lt=cutoff)
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
    kept_uploads_purge(now=now)
    return count
