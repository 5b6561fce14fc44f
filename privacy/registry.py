"""The personal-data files (개인정보파일) the portal keeps, declared as data: for each, its tables and
fields, whose data it is, why, on what legal basis, how long, how it is destroyed, who receives it,
how a person's rows are found for "download my data" and what deleting an account does to them.

The privacy policy, the data export and the erasure of a deleted account are all read from here.

Adding the next file: in the app that holds the data, add (or extend) `<app>/privacy.py` with a
`register(PersonalDataFile(...))` call naming its tables (`Table(model=..., fields=..., owner=...,
erasure=...)`). privacy's AppConfig imports every app's `privacy` module at start-up, as the admin
does with `admin.py`. A retention period the district decides is a setting (`Retention(setting=...,
default=...)`) added to portal/settings/base.py. `tests/privacy/test_registry.py` finds every
model field that looks like personal data and fails until it is registered here or listed, with a
reason, in `NOT_PERSONAL_MODELS` / `NOT_PERSONAL_FIELDS` below; the export and erasure tests are
parametrised over the tables, so a new table is tested without further work (give the demo or the
test's world a row of it)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Model, Q
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


class Subject(Enum):
    """Whose data a table holds."""

    ACCOUNT_HOLDER = _("the account holder")
    APPLICANT_CONTACT = _("the applicant's contact person and representative")
    TEAM_MEMBER = _("members of a tenant company's team")
    FOREIGN_EMPLOYEE = _("foreign employees of tenant companies")
    EVALUATOR = _("outside evaluators")
    STAFF = _("district staff")


class Basis(Enum):
    """The legal basis of the processing (PIPA §15(1))."""

    CONSENT = _("consent of the data subject (PIPA §15(1)1)")
    STATUTE = _("a statute or the performance of a public task (PIPA §15(1)2–3)")
    CONTRACT = _("the conclusion and performance of a contract (PIPA §15(1)4)")


class Erasure(Enum):
    """What deleting an account does to a table's rows of that person."""

    ANONYMISE = _("the personal data is erased; the rest of the record stays")
    DELETE = _("the rows are deleted")
    KEEP = _("kept until the end of the retention period, as the law requires")


@dataclass(frozen=True)
class Recipient:
    """Someone outside the district who receives the data: a third party or a processor (수탁자)."""

    key: str
    name_setting: str  # the setting that names the company or body; the district fills it in
    task: str
    outsourced: bool = True  # a processor working for the district (PIPA §26), not a third party (§17)


# The periods staff set in the retention schedule, by `Retention.key`, while the policy is written from them.
SCHEDULED_DAYS: ContextVar[dict | None] = ContextVar("scheduled_days", default=None)


@dataclass(frozen=True)
class Retention:
    """How long a file is kept: `setting` in days (0: as long as the account exists), counted from `after`;
    `also` for a part of the file kept a shorter time (`what`)."""

    setting: str
    default: int
    after: str = ""
    what: str = ""
    also: tuple[Retention, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        with translation.override("en"):
            return self.setting, str(self.after)

    @property
    def default_days(self) -> int:
        return getattr(settings, self.setting, self.default)

    @property
    def days(self) -> int:
        """The period: the one staff set in the retention schedule while the policy is written, else the setting."""
        scheduled = SCHEDULED_DAYS.get()
        if scheduled and self.key in scheduled:
            return scheduled[self.key]
        return self.default_days

    @property
    def period(self) -> str:
        """The period and the event it counts from ("1 year after the decision"), without `what`."""
        days = self.days
        if not days:
            return gettext("until the account is deleted")
        if days % 365 == 0:
            period = ngettext("%(count)d year", "%(count)d years", days // 365) % {"count": days // 365}
        else:
            period = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
        return gettext("%(period)s after %(event)s") % {"period": period, "event": self.after} if self.after \
            else period

    def __str__(self) -> str:
        return f"{self.what}: {self.period}" if self.what else self.period


@dataclass(frozen=True)
class Table:
    """The personal-data fields of one model and how one person's rows are found."""

    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    # A lookup from the model to the person's user (e.g. "application__applicant"), "pk" for the user
    # model itself, or a function (user, email) -> Q for rows matched otherwise (an e-mail address).
    owner: str | Callable[[Model, str], Q]
    erasure: Erasure
    # The portal app exports and erases these rows itself (accounts: the account, consents, security log).
    handled_by_app: bool = False
    # Fields erased but left out of the export (unique identifiers: the answers show them masked).
    not_exported: tuple[str, ...] = ()

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def owner_q(self, user, email: str) -> Q:
        """The rows that are the person's own: what deleting their account erases."""
        if callable(self.owner):
            return self.owner(user, email)
        return Q(**{self.owner: user})

    def user_links(self) -> list[str]:
        """The registered fields that link to an account (who wrote, decided, recorded)."""
        model = self.model_class
        return [name for name in self.fields
                if getattr(model._meta.get_field(name), "related_model", None) is get_user_model()]

    def linked_q(self, user, email: str) -> Q:
        """The person's own rows and those that name them: what "download my data" shows."""
        q = self.owner_q(user, email)
        for name in self.user_links():
            q |= Q(**{name: user})
        return q

    def rows(self, q: Q):
        return self.model_class._default_manager.filter(
            pk__in=self.model_class._default_manager.filter(q).values("pk")).order_by("pk")


@dataclass(frozen=True)
class PersonalDataFile:
    key: str
    name: str
    subjects: tuple[Subject, ...]
    purpose: str
    items: str
    basis: Basis
    basis_detail: str
    retention: Retention
    destruction: str
    tables: tuple[Table, ...]
    recipients: tuple[str, ...] = field(default_factory=tuple)


DESTROY_ELECTRONIC = _(
    "Electronic records are deleted so that they cannot be restored; printed copies are shredded.")

RECIPIENTS: dict[str, Recipient] = {
    "committee": Recipient(
        key="committee", name_setting="PRIVACY_COMMITTEE_NAME", outsourced=False,
        task=_("evaluates applications (reads the application, its documents and the presentation)"),
    ),
    "email": Recipient(
        key="email", name_setting="PRIVACY_EMAIL_PROVIDER",
        task=_("delivers the portal's e-mails (address, name, message)"),
    ),
    "storage": Recipient(
        key="storage", name_setting="PRIVACY_STORAGE_PROVIDER",
        task=_("stores uploaded documents and issued documents (encrypted object storage)"),
    ),
    "messaging": Recipient(
        key="messaging", name_setting="PRIVACY_MESSAGING_PROVIDER",
        task=_("sends text and KakaoTalk notices (phone number, message)"),
    ),
}

FILES: dict[str, PersonalDataFile] = {}


def register(file: PersonalDataFile) -> PersonalDataFile:
    """Declare a personal-data file (called from an app's `privacy` module)."""
    unknown = set(file.recipients) - set(RECIPIENTS)
    if unknown:
        raise ValueError(f"{file.key}: unknown recipients {sorted(unknown)}")
    FILES[file.key] = file
    return file


def files() -> list[PersonalDataFile]:
    return list(FILES.values())


def tables() -> list[tuple[PersonalDataFile, Table]]:
    return [(file, table) for file in FILES.values() for table in file.tables]


def registered_fields() -> set[tuple[str, str]]:
    """(model label, field) of every registered field, model labels lower-cased."""
    return {(table.model.lower(), name) for _file, table in tables() for name in table.fields}


# Reviewed exceptions of the test that looks for personal data in the models: each with its reason.
NOT_PERSONAL_MODELS: dict[str, str] = {
    "helpdesk.noticeattachment": "public documents attached to a published notice",
    "decisions.decisionwording": "the wording of decision notices and the district department's contact",
    "applications.call": "a call's public data (titles, the building)",
    "applications.programme": "a programme's public names and description",
    "applications.calldocumenttype": "names of document types",
    "applications.evaluationcriterion": "names of criteria",
    "applications.callfaq": "public questions and answers",
    "applications.callscheduleitem": "public schedule",
    "applications.callfile": "the call's published notice documents and form templates",
    "premises.site": "names and addresses of district buildings",
    "premises.building": "names, addresses and the district's bank account",
    "premises.lessor": ("the lessor: the district or the operator it appoints (a public body or legal person), its "
                        "office contact, account and seal"),
    "premises.meetingroom": "room names",
    "premises.unittype": "unit types",
    "premises.unit": "units",
    "premises.floor": "floors",
    "exemptions.exemptiontype": "names of exemption types and their legal basis",
    "exemptions.visatype": "names of visa statuses",
    "exemptions.documentissuer": "the office in whose name certificates are issued (서초구청장) and its official seal",
    "tenants.designatedproject": "names of the special zone's designated projects",
    "billing.invoiceline": "lines of an invoice (amounts)",
    "taxinvoices.taxinvoiceitem": "items of a tax invoice (rent, management fee, amounts)",
    "taxinvoices.hometaxcolumn": "the column map of Hometax's files",
    "portal.pendingtask": "ids of queued tasks",
    "portal.closure": "days the district office is closed",
    "privacy.policyversion": "the privacy officer and department the district publishes (PIPA §30)",
}
NOT_PERSONAL_FIELDS: dict[str, str] = {
    **{f"taxinvoices.taxinvoice.supplier_{name}": "the supplier of a tax invoice: the lessor (see premises.lessor)"
       for name in ("name", "representative", "address", "email")},
    "accounts.user.email_verified_at": "when the address was verified (a status of the account)",
    "privacy.destructionrecord.file_name": "the name of the personal-data file destroyed from (no person's name)",
    "privacy.rightsrequest.email_verified_at": "when the requester's address was verified (a status of the request)",
    "notifications.notification.email_status": "the delivery status of the e-mail",
    "notifications.notification.email_sent_at": "the delivery status of the e-mail",
    "notifications.notification.email_attempts": "the delivery status of the e-mail",
    "notifications.notification.email_error": "the mail server's answer (no address: the address is its own field)",
    "tenants.company.name_ko": "the company's name (a legal person)",
    "tenants.company.name_en": "the company's name (a legal person)",
    "tenants.company.address": "the company's business address (a legal person)",
    "tenants.company.phone": "the company's switchboard (a legal person)",
    "tenants.company.business_registration_number": "a company's registration number (public)",
    "tenants.company.logo": "the company's logo",
    "applications.application.company_name_ko": "the company's name (a legal person)",
    "applications.application.company_name_en": "the company's name (a legal person)",
    "applications.application.corporate_registration_number": "a corporation's registration number (public)",
    "portal.statuschange.name": "the name of the workflow step",
    "tenants.company.logo_name": "the file name of the company's logo",
    "tenants.company.representative": ("the company's representative as on its business registration, printed on "
                                       "every tax invoice"),
    "tenants.company.tax_invoice_email": "the company's mailbox for tax invoices (a legal person's contact)",
    "tenants.lease.relocation_proof_name": "the file name of the company's head-office relocation certificate",
    "applications.documentdestruction.document_type_name": "the destruction register's document type",
    "applications.documentdestruction.original_name": "the destruction register (PIPA §21(2)) keeps what was destroyed",
    "compute.capacitypool.name": "the name of a pool of GPUs",
}
# Admins of registered models whose change pages are not access-logged (privacy/access_log_admin.py): each
# shows only the accounts of the staff or evaluators who did the district's work, with its reason.
ADMINS_NOT_ACCESS_LOGGED: dict[str, str] = {
    "privacy.accesslog": "the access log itself, read for its monthly review (logging that would log the log)",
    "privacy.accesslogreview": "the record of a monthly review: the staff member who reviewed",
    "privacy.retentionschedule": "retention periods: the staff member who approved one",
    "applications.programmestaff": "which programmes a staff member works on",
    "evaluations.assignment": "which evaluators score a call: the committee's assignment, no applicant's data",
    "billing.billingrun": "a month's billing run: the staff member who started it",
    "billing.accountcredit": "a company's credit (amounts): the staff member who created it",
    "billing.depositledgerentry": "a lease's deposit movements (amounts): the staff member who recorded them",
    "receipts.virtualaccount": "the district's virtual account numbers: the staff member who loaded them",
    "receipts.virtualaccountassignment": "which lease a virtual account serves: the staff who assigned it",
    "receipts.statementimport": ("the import of a bank statement: the staff member who imported it (each "
                                 "transaction's depositor is logged on the transaction's page)"),
    "receipts.allocation": "amounts matched to invoices: the staff who confirmed or undid them",
    "receipts.collectionmonth": "the close of a month: the staff member who closed it",
    "receipts.adjustment": "an amount corrected after a close: the staff member who made it",
    "helpdesk.notice": "a public notice: the staff member who wrote it",
    "outreach.groupmessage": ("a message written to a group: the staff who wrote and sent it (each recipient is "
                              "logged on the recipient's page)"),
    "compute.usageimport": "an import of usage figures: the staff member who imported it",
}
