"""Personal-data file of applications: contacts, representative, documents and messages (privacy/registry.py)."""

from django.core.files.storage import storages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import Method, Rule, register_rule
from privacy.services import history_delete

DRAFT_RETENTION = Retention("PRIVACY_DRAFT_RETENTION_DAYS", 90, after=_("the call closes"),
                            what=_("drafts never submitted"))

register(PersonalDataFile(
    key="applications", name=_("Applications for tenancy"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.APPLICANT_CONTACT),
    purpose=_("Receiving and checking applications, evaluating and selecting tenant companies, notifying results"),
    items=_("applicant's account; representative's name; head-office address; business registration number; "
            "contact person's name, e-mail and phone; attached documents; messages with staff"),
    basis=Basis.CONSENT, basis_detail=_("consent at the start of the application; the call for applications"),
    retention=Retention(
        "PRIVACY_APPLICATION_RETENTION_DAYS", 5 * 365, after=_("the call closes"),
        also=(Retention("APPLICATIONS_DOCUMENT_RETENTION_DAYS", 365, after=_("the decision"),
                        what=_("documents of unsuccessful applications")), DRAFT_RETENTION),
    ),
    destruction=DESTROY_ELECTRONIC,
    recipients=("committee", "email", "storage"),
    tables=(
        Table(model="applications.Application", fields=("contact_name", "contact_email", "contact_phone"),
              owner="applicant", erasure=Erasure.ANONYMISE),
        Table(model="applications.Application",
              fields=("applicant", "ceo_name", "head_office_address", "business_registration_number"),
              owner="applicant", erasure=Erasure.KEEP),
        Table(model="applications.ApplicationDocument", fields=("file", "original_name", "uploaded_by"),
              owner="application__applicant", erasure=Erasure.KEEP),
        Table(model="applications.ApplicationMessage", fields=("author", "body"),
              owner="application__applicant", erasure=Erasure.ANONYMISE),
        # The one log of every status change (portal.workflow): who changed an application, an offer, a
        # lease, a renewal, an exemption request or an invoice, and the reason the applicant or tenant read.
        Table(model="portal.StatusChange", fields=("actor", "reason"), owner="actor", erasure=Erasure.KEEP),
    ),
))


def _drafts_due(cutoff):
    from .models import Application
    from .workflow import Status

    return Application.objects.filter(status=Status.DRAFT, call__closes_at__lt=cutoff)


def _drafts_destroy(ids, now) -> int:
    """Delete the drafts with their documents (files too, after commit), messages and change history."""
    from .models import Application, ApplicationDocument

    documents = ApplicationDocument.objects.filter(application_id__in=ids)
    paths = [path for path in documents.values_list("file", flat=True) if path]
    history_delete(ApplicationDocument, list(documents.values_list("pk", flat=True)))
    history_delete(Application, ids)
    _total, per_model = Application.objects.filter(pk__in=ids).delete()
    storage = storages["private"]
    for path in paths:
        transaction.on_commit(lambda path=path: storage.delete(path))
    return per_model.get(Application._meta.label, 0)


register_rule(Rule(key="applications.drafts", file="applications", what=_("drafts of applications never submitted"),
                   retention=DRAFT_RETENTION, method=Method.DELETE, due=_drafts_due, destroy=_drafts_destroy))
