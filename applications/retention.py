"""What the retention schedule (privacy/retention.py) destroys in applications: drafts never submitted, the
documents of unsuccessful applications a year after the decision (each one also logged as a
`DocumentDestruction`), and the personal data of every application five years after its call closed."""

from __future__ import annotations

import datetime

from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q

from privacy.retention import has_personal_data
from privacy.services import fields_erase, history_delete

from .models import (
    AnswerFile,
    Application,
    ApplicationCollaborator,
    ApplicationDocument,
    ApplicationEdit,
    ApplicationInvitation,
    ApplicationMessage,
    DocumentDestruction,
)
from .workflow import Status

# Applications whose documents are no longer needed once the retention period has passed.
UNSUCCESSFUL = (Status.NOT_SELECTED, Status.INELIGIBLE, Status.WITHDRAWN)
UNSUCCESSFUL_DOCUMENTS_RULE = "applications.unsuccessful_documents"
# What an application holds of its representative and contact person, blanked five years after the call.
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "ceo_name", "head_office_address",
                  "business_registration_number")
# The co-applicants of an application, the invitations sent to them and the log of who saved what: deleted with
# a draft, and with the rest of an application's personal data five years after its call.
COLLABORATION_COVERS = (("applications.ApplicationCollaborator", ()), ("applications.ApplicationInvitation", ()),
                        ("applications.ApplicationEdit", ()))


def _collaboration_delete(application_ids: list) -> None:
    collaborators = list(ApplicationCollaborator.objects.filter(application_id__in=application_ids)
                         .values_list("pk", flat=True))
    history_delete(ApplicationCollaborator, collaborators)
    ApplicationCollaborator.objects.filter(pk__in=collaborators).delete()
    ApplicationInvitation.objects.filter(application_id__in=application_ids).delete()
    ApplicationEdit.objects.filter(application_id__in=application_ids).delete()


def _documents_delete(documents) -> int:
    """Delete documents with their change history; their files go after commit."""
    rows = list(documents.values_list("pk", "file"))
    history_delete(ApplicationDocument, [pk for pk, _path in rows])
    _total, per_model = ApplicationDocument.objects.filter(pk__in=[pk for pk, _path in rows]).delete()
    storage = storages["private"]
    for path in (path for _pk, path in rows if path):
        transaction.on_commit(lambda path=path: storage.delete(path))
    return per_model.get(ApplicationDocument._meta.label, 0)


def _answer_files_delete(application_ids: list) -> None:
    """Delete the file answers of these applications; their files go after commit."""
    rows = list(AnswerFile.objects.filter(application_id__in=application_ids).values_list("pk", "file"))
    AnswerFile.objects.filter(pk__in=[pk for pk, _path in rows]).delete()
    storage = storages["private"]
    for path in (path for _pk, path in rows if path):
        transaction.on_commit(lambda path=path: storage.delete(path))


def drafts_due(cutoff: datetime.datetime):
    return Application.objects.filter(status=Status.DRAFT, call__closes_at__lt=cutoff)


def drafts_destroy(ids: list, now: datetime.datetime) -> int:
    """Delete the drafts with their documents (files too, after commit), messages and change history."""
    _documents_delete(ApplicationDocument.objects.filter(application_id__in=ids))
    _answer_files_delete(ids)
    _collaboration_delete(ids)
    history_delete(Application, ids)
    _total, per_model = Application.objects.filter(pk__in=ids).delete()
    return per_model.get(Application._meta.label, 0)


def unsuccessful_documents_due(cutoff: datetime.datetime):
    """Documents of unsuccessful applications whose last status change is older than the period."""
    decided = (Application.objects.filter(status__in=UNSUCCESSFUL).annotate(decided_at=Max("transitions__at"))
               .filter(decided_at__lt=cutoff).values("pk"))
    return ApplicationDocument.objects.filter(application__in=decided)


def unsuccessful_documents_destroy(ids: list, now: datetime.datetime) -> int:
    """Delete the documents, logging each one (type, file name, checksum and the period staff set in the
    retention schedule) in the application's destruction log."""
    from privacy.models import RetentionSchedule

    days = RetentionSchedule.objects.filter(rule=UNSUCCESSFUL_DOCUMENTS_RULE).values_list("days", flat=True).first()
    documents = ApplicationDocument.objects.filter(pk__in=ids).select_related("document_type", "application")
    DocumentDestruction.objects.bulk_create([DocumentDestruction(
        application=document.application, document_type_name=document.document_type.name_ko,
        original_name=document.original_name, sha256=document.sha256, destroyed_at=now,
        application_status=document.application.status,
        retention_days=days,
    ) for document in documents])
    return _documents_delete(documents)


def closed_due(cutoff: datetime.datetime):
    """Submitted applications of calls closed before the cutoff that still hold personal data."""
    rows = Application.objects.exclude(status=Status.DRAFT).filter(call__closes_at__lt=cutoff).filter(
        has_personal_data(Application, CONTACT_FIELDS)
        | ~Q(answers={})
        | Exists(ApplicationDocument.objects.filter(application=OuterRef("pk")))
        | Exists(ApplicationMessage.objects.filter(application=OuterRef("pk")))
        | Exists(ApplicationCollaborator.objects.filter(application=OuterRef("pk")))
        | Exists(ApplicationInvitation.objects.filter(application=OuterRef("pk")))
        | Exists(ApplicationEdit.objects.filter(application=OuterRef("pk"))))
    return Application.objects.filter(pk__in=rows.values("pk"))


def closed_destroy(ids: list, now: datetime.datetime) -> int:
    """Blank the contact and representative fields and the answers to the call's own form; delete the
    documents, the file answers, the messages with staff, the co-applicants, their invitations and the edit log."""
    fields_erase(model=Application, pks=ids, names=[*CONTACT_FIELDS, "answers"])
    _documents_delete(ApplicationDocument.objects.filter(application_id__in=ids))
    _answer_files_delete(ids)
    messages = list(ApplicationMessage.objects.filter(application_id__in=ids).values_list("pk", flat=True))
    history_delete(ApplicationMessage, messages)
    ApplicationMessage.objects.filter(pk__in=messages).delete()
    _collaboration_delete(ids)
    return len(ids)
