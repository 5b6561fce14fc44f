"""Personal-data file of applications: contacts, representative, documents and messages (privacy/registry.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import Method, Rule, field_rule, numbers_or_ids, register_rule

from . import retention

APPLICATION_RETENTION = Retention("PRIVACY_APPLICATION_RETENTION_DAYS", 5 * 365, after=_("the call closes"))
DOCUMENT_RETENTION = Retention("APPLICATIONS_DOCUMENT_RETENTION_DAYS", 365, after=_("the decision"),
                               what=_("documents of unsuccessful applications"))
STATUS_LOG_RETENTION = Retention("PRIVACY_APPLICATION_RETENTION_DAYS", 5 * 365, after=_("the change"),
                                 what=_("reasons written in the log of status changes"))
DRAFT_RETENTION = Retention("PRIVACY_DRAFT_RETENTION_DAYS", 90, after=_("the call closes"),
                            what=_("drafts never submitted"))

register(PersonalDataFile(
    key="applications", name=_("Applications for tenancy"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.APPLICANT_CONTACT),
    purpose=_("Receiving and checking applications, evaluating and selecting tenant companies, notifying results"),
    items=_("applicant's account; representative's name; head-office address; business registration number; "
            "contact person's name, e-mail and phone; answers to the call's own form and their files; attached "
            "documents; messages with staff; the colleagues invited to work on it (their account or invited e-mail "
          "address, role) and who saved which part of it when"),
    basis=Basis.CONSENT, basis_detail=_("consent at the start of the application; the call for applications"),
    retention=Retention(
        APPLICATION_RETENTION.setting, APPLICATION_RETENTION.default, after=APPLICATION_RETENTION.after,
        also=(DOCUMENT_RETENTION, DRAFT_RETENTION, STATUS_LOG_RETENTION),
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
        # The answers to a call's own form (applications/models_forms.py), kept like the fixed steps' fields;
        # "download my data" also gives them with their questions (`answers_for_download` below).
        Table(model="applications.Application", fields=("answers",), owner="applicant", erasure=Erasure.KEEP),
        Table(model="applications.AnswerFile", fields=("file", "original_name", "uploaded_by"),
              owner="application__applicant", erasure=Erasure.KEEP),
        Table(model="applications.ApplicationMessage", fields=("author", "body"),
              owner="application__applicant", erasure=Erasure.ANONYMISE),
        # The one log of every status change (portal.workflow): who changed an application, an offer, a
        # lease, a renewal, an exemption request or an invoice, and the reason the applicant or tenant read.
        Table(model="portal.StatusChange", fields=("actor", "reason", "reason_en"), owner="actor",
              erasure=Erasure.KEEP),
        # Co-applicants (applications/models_collaborators.py): the colleagues working on an application, the
        # invitations sent to them, and who saved which part of it.
        Table(model="applications.ApplicationCollaborator", fields=("user", "invited_by"), owner="user",
              erasure=Erasure.DELETE),
        Table(model="applications.ApplicationInvitation", fields=("email", "invited_by", "accepted_by"),
              owner=lambda user, email: Q(email__iexact=email) | Q(accepted_by=user), erasure=Erasure.DELETE),
        Table(model="applications.ApplicationEdit", fields=("actor",), owner="actor", erasure=Erasure.KEEP),
        # Which programmes a staff member works on (applications/permissions.py): gone with the account.
        Table(model="applications.ProgrammeStaff", fields=("user",), owner="user", erasure=Erasure.DELETE),
    ),
))


register_rule(Rule(
    key="applications.drafts", file="applications", what=_("drafts of applications never submitted"),
    retention=DRAFT_RETENTION, method=Method.DELETE, due=retention.drafts_due, destroy=retention.drafts_destroy,
    covers=(("applications.Application", ()), ("applications.ApplicationDocument", ()),
            ("applications.ApplicationMessage", ()), ("applications.AnswerFile", ()), *retention.COLLABORATION_COVERS)))
register_rule(Rule(
    key=retention.UNSUCCESSFUL_DOCUMENTS_RULE, file="applications",
    what=_("documents of unsuccessful applications (each one also logged with the application)"),
    retention=DOCUMENT_RETENTION, method=Method.DELETE, due=retention.unsuccessful_documents_due,
    destroy=retention.unsuccessful_documents_destroy, covers=(("applications.ApplicationDocument", ()),),
    references=numbers_or_ids("applications.ApplicationDocument", "application__receipt_number")))
register_rule(Rule(
    key="applications.closed", file="applications",
    what=_("applications' contact and representative data, documents, messages, co-applicants and the log of "
           "their edits"),
    retention=APPLICATION_RETENTION, method=Method.ANONYMISE, due=retention.closed_due,
    destroy=retention.closed_destroy,
    covers=(("applications.Application", (*retention.CONTACT_FIELDS, "answers")),
            ("applications.ApplicationDocument", ()), ("applications.ApplicationMessage", ()),
            ("applications.AnswerFile", ()), *retention.COLLABORATION_COVERS),
    references=numbers_or_ids("applications.Application", "receipt_number")))
register_rule(field_rule(
    key="portal.status_reasons", file="applications", what=_("reasons written in the log of status changes"),
    retention=STATUS_LOG_RETENTION, model="portal.StatusChange", counted_from="at", fields=("reason", "reason_en")))


def consents_for_download(sender, user, **kwargs) -> dict:
    """The consents given at the start of each application for "download my data": the notice's version, when,
    and the retention periods it stated then, in both languages (applications/consents.py)."""
    from .consents import agreed_retention_texts
    from .models import Application

    rows = []
    for application in (Application.objects.filter(applicant=user, consent_collection_at__isnull=False)
                        .select_related("call").order_by("pk")):
        texts = agreed_retention_texts(application)
        rows.append({
            "call": application.call.code, "receipt_number": application.receipt_number,
            "version": application.consent_version,
            "collection_consented_at": application.consent_collection_at.isoformat(),
            "committee_consented_at": application.consent_committee_at.isoformat()
            if application.consent_committee_at else None,
            "retention_days": application.consent_periods,
            "retention_ko": texts.get("ko", ""), "retention_en": texts.get("en", ""),
        })
    return {"application_consents": rows} if rows else {}


def answers_for_download(sender, user, **kwargs) -> dict:
    """The user's answers to calls' own forms for "download my data", each with its question, read from the
    version of the form it answers (the registry's rows above hold the same answers by key only)."""
    from .models import Application
    from .questions import answer_text, question_label
    from .selectors_forms import form_load, visible_keys

    rows = []
    for application in (Application.objects.filter(applicant=user, form_definition__isnull=False)
                        .select_related("call", "form_definition").order_by("pk")):
        loaded = form_load(definition=application.form_definition)
        answers = application.answers or {}
        shown = visible_keys(loaded.questions, answers)
        rows.append({
            "call": application.call.code, "receipt_number": application.receipt_number,
            "form_version": application.form_definition.version,
            "answers": [{"key": q.key, "question": question_label(q), "question_ko": q.label_ko,
                         "question_en": q.label_en, "answer": answer_text(q, answers.get(q.key)),
                         "value": answers.get(q.key)}
                        for q in loaded.questions if q.key in shown and q.key in answers],
        })
    return {"application_answers": rows} if rows else {}
