"""Retention of unsuccessful applications' documents: destroyed after a set period, each destruction logged."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .models import Application, ApplicationDocument, DocumentDestruction
from .workflow import Status

logger = logging.getLogger(__name__)

# Applications whose documents are no longer needed once the retention period has passed.
UNSUCCESSFUL = (Status.NOT_SELECTED, Status.INELIGIBLE, Status.WITHDRAWN)


def application_ids_due_for_destruction(*, now: datetime.datetime | None = None) -> list[int]:
    """Unsuccessful applications with documents, whose last status change is older than the period."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.APPLICATIONS_DOCUMENT_RETENTION_DAYS)
    return list(
        Application.objects.filter(status__in=UNSUCCESSFUL, documents__isnull=False)
        .annotate(decided_at=Max("transitions__at"))
        .filter(decided_at__lt=cutoff)
        .order_by("pk").values_list("pk", flat=True).distinct()
    )


@transaction.atomic
def application_documents_destroy(*, application_id: int, now: datetime.datetime | None = None) -> int:
    """Destroy the documents of one unsuccessful application, logging each; 0 when nothing is due."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().filter(pk=application_id).first()
    if application is None or application_id not in application_ids_due_for_destruction(now=now):
        return 0
    days = settings.APPLICATIONS_DOCUMENT_RETENTION_DAYS
    documents = list(ApplicationDocument.objects.filter(application=application).select_related("document_type"))
    for document in documents:
        DocumentDestruction.objects.create(
            application=application, document_type_name=document.document_type.name_ko,
            original_name=document.original_name, sha256=document.sha256, destroyed_at=now,
            application_status=application.status, retention_days=days,
        )
        name = document.file.name
        document.delete()
        transaction.on_commit(lambda name=name: storages["private"].delete(name))
        logger.info("destroyed document %s of application %s (retention)", document.pk, application.pk)
    return len(documents)
