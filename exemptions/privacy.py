"""Personal-data file of exemptions: the foreign employees' data in requests and documents (privacy/registry.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import Method, Rule, field_rule, numbers_or_ids, register_rule

from .services import retention

REQUEST_RETENTION = Retention("PRIVACY_EXEMPTION_RETENTION_DAYS", 5 * 365, after=_("the decision"))
IDENTIFIER_RETENTION = Retention("EXEMPTIONS_SENSITIVE_RETENTION_DAYS", 365, after=_("the decision"),
                                 what=_("passport and alien registration numbers and uploaded contracts"))
KEPT_UPLOAD_RETENTION = Retention("EXEMPTIONS_KEPT_UPLOAD_RETENTION_DAYS", 1, after=_("the upload"),
                                  what=_("files kept from a request form that was not accepted"))

# The request forms' answers (kept in ExemptionRequest.data, registered above as that field) that are
# personal data, and those that are not: every question of every form is in one of the two
# (tests/exemptions/test_privacy_answers.py), so a new question is registered when it is added.
PERSONAL_ANSWERS = frozenset({
    "full_name", "sex", "nationality", "date_of_birth", "passport_number", "passport_expiry",
    "alien_registration_number", "residence_address", "visa_status", "e7_subcode", "permitted_stay_until",
    "job_title", "duties", "employment_start", "contract_end", "requested_stay_until", "employee_email",
    "employee_language", "applicant_name", "applicant_customer_number", "agent_name", "agent_customer_number",
})
NOT_PERSONAL_ANSWERS = frozenset({
    "designated_project", "application_number", "title", "filing_date", "examination_requested", "ipc_class",
    "technology_field", "priority_reason", "project_link",
})

register(PersonalDataFile(
    key="exemptions", name=_("Regulatory-exemption requests"),
    subjects=(Subject.FOREIGN_EMPLOYEE, Subject.TEAM_MEMBER, Subject.STAFF),
    purpose=_("Issuing the documents tenants file for the special zone's immigration and patent exemptions"),
    items=_("employee's name, sex, nationality, date of birth, passport and alien registration numbers, passport "
            "expiry, address of residence, visa status and E-7 sub-category, job, duties, employment start, contract "
            "end and the stay requested; uploaded contracts; for patents, the applicant's and agent's names and KIPO "
            "customer numbers; the facts of the issued document; the employee's consent (e-mail address, time and IP "
            "address of consent and withdrawal, or the consent form they signed)"),
    basis=Basis.STATUTE,
    basis_detail=_("Special Act on Regulation-Free Special Zones and Special Zones for Regional Specialized "
                   "Development; PIPA §24 for unique identifiers"),
    retention=Retention(REQUEST_RETENTION.setting, REQUEST_RETENTION.default, after=REQUEST_RETENTION.after,
                        also=(IDENTIFIER_RETENTION, KEPT_UPLOAD_RETENTION)),
    destruction=DESTROY_ELECTRONIC,
    recipients=("storage",),
    tables=(
        Table(model="exemptions.ExemptionRequest", fields=("subject", "data", "sensitive", "uploads", "filed_by"),
              owner="filed_by", erasure=Erasure.ANONYMISE, not_exported=("sensitive",)),
        Table(model="exemptions.ExemptionRequest", fields=("decided_by",), owner="decided_by", erasure=Erasure.KEEP),
        Table(model="exemptions.IssuedDocument", fields=("facts", "pdf_path", "pdf_en_path", "revoked_by"),
              owner="request__filed_by", erasure=Erasure.KEEP),
        # The employee's own consent, found by the address the link went to; kept as proof of the consent.
        Table(model="exemptions.EmployeeConsent",
              fields=("name", "email", "consent_ip", "withdraw_ip", "signed_form_name", "signed_form_path",
                      "uploaded_by"),
              owner=lambda user, email: Q(email__iexact=email), erasure=Erasure.KEEP,
              not_exported=("signed_form_path",)),
        Table(model="exemptions.KeptUpload", fields=("user", "path", "name"), owner="user", erasure=Erasure.DELETE),
    ),
))

register_rule(Rule(
    key="exemptions.identifiers", file="exemptions", what=IDENTIFIER_RETENTION.what,
    retention=IDENTIFIER_RETENTION, method=Method.ANONYMISE, due=retention.identifiers_due,
    destroy=retention.identifiers_destroy, covers=(("exemptions.ExemptionRequest", ("sensitive", "uploads")),),
    references=numbers_or_ids("exemptions.ExemptionRequest", "receipt_number")))
register_rule(field_rule(
    key="exemptions.kept_uploads", file="exemptions", what=KEPT_UPLOAD_RETENTION.what,
    retention=KEPT_UPLOAD_RETENTION, model="exemptions.KeptUpload", counted_from="created_at", paths=("path",)))
register_rule(Rule(
    key="exemptions.requests", file="exemptions",
    what=_("requests' answers, the issued documents' facts and PDFs, the employees' consents"),
    retention=REQUEST_RETENTION, method=Method.ANONYMISE, due=retention.requests_due,
    destroy=retention.requests_destroy,
    covers=(("exemptions.ExemptionRequest", retention.REQUEST_FIELDS),
            ("exemptions.IssuedDocument", retention.DOCUMENT_FIELDS), ("exemptions.EmployeeConsent", ())),
    references=numbers_or_ids("exemptions.ExemptionRequest", "receipt_number")))
