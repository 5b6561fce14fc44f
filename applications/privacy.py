"""Personal-data file of applications: contacts, representative, documents and messages (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register

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
                        what=_("documents of unsuccessful applications")),),
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
