"""Reminders before a permitted stay ends, and what the retention schedule (privacy/retention.py) destroys in
exemptions: the unique identifiers and uploads a year after the decision, the rest five years after it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from privacy.retention import has_personal_data
from privacy.services import fields_erase

from .. import notifications
from ..models import ExemptionRequest, RequestStatus, StayReminder

# What a request and its issued document hold of the employee or the patent, blanked five years after the decision.
REQUEST_FIELDS = ("subject", "data", "uploads", "filed_by")
DOCUMENT_FIELDS = ("facts", "pdf_path", "pdf_en_path", "revoked_by")


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


def identifiers_due(cutoff: dt.datetime):
    """Requests decided before the cutoff, or left unanswered that long after staff asked for more
    information or the employee's consent, whose unique identifiers and uploads are still kept."""
    abandoned = Q(status__in=[RequestStatus.INFO_REQUESTED, RequestStatus.AWAITING_CONSENT], updated_at__lt=cutoff)
    return ExemptionRequest.objects.filter(Q(decided_at__lt=cutoff) | abandoned, sensitive_purged_at__isnull=True)


def identifiers_destroy(ids: list, now: dt.datetime) -> int:
    """Delete the passport and registration numbers and the uploaded files (masked forms and issued
    documents stay); each request records when."""
    storage = storages["private"]
    for request in ExemptionRequest.objects.filter(pk__in=ids).only("pk", "uploads"):
        for upload in request.uploads.values():
            transaction.on_commit(lambda path=upload["path"]: storage.delete(path))
    fields_erase(model=ExemptionRequest, pks=ids, names=["sensitive", "uploads"])
    return ExemptionRequest.objects.filter(pk__in=ids).update(sensitive_purged_at=now, updated_at=now)


def sensitive_data_purge(*, now: dt.datetime | None = None) -> int:
    """Run the retention schedule's rules of exemptions now (the unique identifiers and the files kept from
    a refused form); how many rows they destroyed. The daily retention task runs them with every other rule."""
    from privacy.retention import RULES, retention_rule_run, retention_schedule_sync

    retention_schedule_sync()
    records = [retention_rule_run(rule=RULES[key], now=now) for key in ("exemptions.identifiers",
                                                                         "exemptions.kept_uploads")]
    return sum(record.count for record in records if record)


def requests_due(cutoff: dt.datetime):
    """Requests decided before the cutoff that still hold the employee's or the patent's data."""
    from ..models import EmployeeConsent, IssuedDocument

    holding = ExemptionRequest.objects.filter(
        has_personal_data(ExemptionRequest, REQUEST_FIELDS)
        | Exists(IssuedDocument.objects.filter(request=OuterRef("pk")).filter(
            has_personal_data(IssuedDocument, DOCUMENT_FIELDS)))
        | Exists(EmployeeConsent.objects.filter(request=OuterRef("pk"))))
    return ExemptionRequest.objects.filter(decided_at__lt=cutoff, pk__in=holding.values("pk"))


def requests_destroy(ids: list, now: dt.datetime) -> int:
    """Blank the request's answers and the issued document's facts, delete its PDFs and the employee's consents."""
    from ..models import EmployeeConsent, IssuedDocument

    storage = storages["private"]
    documents = IssuedDocument.objects.filter(request_id__in=ids)
    consents = EmployeeConsent.objects.filter(request_id__in=ids)
    paths = [*(path for row in documents.values_list("pdf_path", "pdf_en_path") for path in row if path),
             *(path for path in consents.values_list("signed_form_path", flat=True) if path)]
    fields_erase(model=ExemptionRequest, pks=ids, names=list(REQUEST_FIELDS))
    fields_erase(model=IssuedDocument, pks=list(documents.values_list("pk", flat=True)), names=list(DOCUMENT_FIELDS))
    consents.delete()
    for path in paths:
        transaction.on_commit(lambda path=path: storage.delete(path))
    return len(ids)
