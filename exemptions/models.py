"""Exemption types (a registry kept as data), the visa types the immigration form offers, the
district's issuing authority with its seal, the tenants' requests with their status log, issued
documents (numbered by portal.numbering), the once-only reminders of a permitted stay's end, and the
files kept from a refused request form."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import TimeStampedModel
from portal.storage import private_storage
from portal.uploads import validate_upload
from tenants.models import Company, Lease

from .crypto import EncryptedJSONField
from .workflow import REQUEST_WORKFLOW, RequestStatus


class ExemptionType(TimeStampedModel):
    """One kind of exemption paperwork. `form_key` names the form and checks declared in
    exemptions/registry.py; everything else (names, documents, template, numbering) is data."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("For example IMM or PAT."))
    form_key = models.CharField(
        _("form"), max_length=30, help_text=_("The request form and checks declared in code for this type.")
    )
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    legal_basis_ko = models.CharField(
        _("legal basis (Korean)"), max_length=300, blank=True,
        help_text=_("The article of the special-zone act (and the act it makes an exception to) the certificate "
                    "rests on; the district confirms it."),
    )
    legal_basis_en = models.CharField(_("legal basis (English)"), max_length=300, blank=True)
    document_title_ko = models.CharField(_("document title (Korean)"), max_length=200)
    document_title_en = models.CharField(_("document title (English)"), max_length=200)
    statement_ko = models.TextField(
        _("facts certified (Korean)"),
        help_text=_("The facts the certificate states. {company} is replaced by the company's name, {project} by "
                    "the designated project (특화사업) of the request, {subject} by the employee or the patent "
                    "application."),
    )
    statement_en = models.TextField(_("facts certified (English)"))
    required_documents = models.JSONField(
        _("documents to upload"), default=list, blank=True,
        help_text=_('A list of {"code": ..., "label_ko": ..., "label_en": ...}.'),
    )
    template = models.CharField(
        _("document template"), max_length=200, default="exemptions/certificate.typ",
        help_text=_("A Typst file under templates/."),
    )
    english_version = models.BooleanField(_("also issue an English version"), default=False)
    number_prefix = models.CharField(
        _("number prefix"), max_length=20, blank=True,
        help_text=_("Printed before the official number (제2026-0001호), for example 양재AI특구; usually empty. "
                    "Every type's certificates share one series of numbers a year."),
    )
    validity_days = models.PositiveSmallIntegerField(_("validity (days)"), default=90)
    processing_days = models.PositiveSmallIntegerField(
        _("processing period (working days)"), default=7,
        help_text=_("The legal processing period of the request as a 민원, counted in working days from the day "
                    "after it is received."),
    )
    accepts_utility_models = models.BooleanField(
        _("accepts utility-model applications (20-…)"), default=False,
        help_text=_("Patent requests: whether a utility-model application number may be given besides a patent "
                    "application number (10-…)."),
    )
    is_active = models.BooleanField(_("open for requests"), default=True)
    history = HistoricalRecords()

    STATEMENT_PLACEHOLDERS = ("company", "project", "subject")

    class Meta:
        verbose_name = _("exemption type")
        verbose_name_plural = _("exemption types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ko").startswith("en") and self.name_en else self.name_ko

    @property
    def description(self) -> str:
        if (get_language() or "ko").startswith("en") and self.description_en:
            return self.description_en
        return self.description_ko

    def clean(self) -> None:
        import string

        from django.core.exceptions import ValidationError

        errors = {}
        for name in ("statement_ko", "statement_en"):
            try:
                fields = {f for _text, f, _spec, _conv in string.Formatter().parse(getattr(self, name) or "") if f}
            except ValueError:
                fields = {"?"}
            unknown = fields - set(self.STATEMENT_PLACEHOLDERS)
            if unknown:
                errors[name] = _("Use only {company}, {project} and {subject} in braces; write other braces twice.")
        if errors:
            raise ValidationError(errors)

    def statement(self, language: str, **values: str) -> str:
        """The facts certified in one language, with the request's values put in."""
        text = self.statement_en if language == "en" and self.statement_en else self.statement_ko
        try:
            return text.format(**{name: values.get(name, "") for name in self.STATEMENT_PLACEHOLDERS})
        except (KeyError, IndexError, ValueError):
            return text

    def document_label_for(self, code: str) -> str:
        doc = next((d for d in self.required_documents if d.get("code") == code), {"code": code})
        return self.document_label(doc)

    def document_label(self, doc: dict) -> str:
        if (get_language() or "ko").startswith("en") and doc.get("label_en"):
            return doc["label_en"]
        return doc.get("label_ko") or doc["code"]


class VisaType(TimeStampedModel):
    """A visa status (체류자격) the immigration request offers. The zone's special case concerns E-7
    (특정활동); staff enable others the district accepts."""

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("For example E-7."))
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    is_enabled = models.BooleanField(_("offered on the request form"), default=False)

    class Meta:
        verbose_name = _("visa type")
        verbose_name_plural = _("visa types")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ko").startswith("en") and self.name_en else self.name_ko


MAX_SEAL_BYTES = 512 * 1024


def issuer_seal_path(instance: DocumentIssuer, filename: str) -> str:
    """A generated name in the private storage; the uploaded name is never used as a path."""
    from portal.uploads import stored_name

    return f"exemptions/seals/{stored_name(filename)}"


class DocumentIssuer(TimeStampedModel):
    """In whose name certificates are issued, with the electronic seal (직인) printed beside it: one row
    (until staff save it, the defaults below are used)."""

    name_ko = models.CharField(_("issued in the name of (Korean)"), max_length=100, default="서울특별시 서초구청장")
    name_en = models.CharField(_("issued in the name of (English)"), max_length=100,
                               default="Mayor of Seocho-gu, Seoul Metropolitan City")
    seal = models.FileField(
        _("seal image (직인)"), upload_to=issuer_seal_path, storage=private_storage, max_length=500, blank=True,
        validators=[validate_upload(allowed_formats=["png", "jpeg"], max_bytes=MAX_SEAL_BYTES)],
        help_text=_("PNG or JPG, up to 512 KB; printed on certificates over the district head's title."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issuing authority")
        verbose_name_plural = _("issuing authority")

    def __str__(self) -> str:
        return self.name_ko


class ExemptionRequest(TimeStampedModel):
    """A tenant's request. Ordinary answers live in `data`; passport and registration numbers in
    `sensitive` (encrypted) with their masked forms in `data`; uploads are private-storage paths."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="exemption_requests"
    )
    exemption_type = models.ForeignKey(
        ExemptionType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="requests"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED, editable=False
    )
    subject = models.CharField(_("subject"), max_length=200, help_text=_("The employee or the patent application."))
    data = models.JSONField(_("answers"), default=dict, blank=True)
    sensitive = EncryptedJSONField(_("unique identifiers (encrypted)"), blank=True, default=dict, editable=False)
    uploads = models.JSONField(_("uploaded documents"), default=dict, blank=True, editable=False)
    deadline = models.DateField(
        _("runs until"), null=True, blank=True, help_text=_("For immigration cases: the permitted stay ends."),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    waiting_since = models.DateTimeField(
        _("waiting for staff since"), null=True, blank=True, help_text=_("Empty while the tenant has to act."),
    )
    received_at = models.DateTimeField(
        _("received at"), null=True, blank=True, help_text=_("When the request reached district staff (접수)."),
    )
    receipt_number = models.CharField(
        _("receipt number"), max_length=30, blank=True, editable=False,
        help_text=_("Given when the request reaches district staff (접수번호), e.g. E-2026-0001."),
    )
    due_date = models.DateField(
        _("due date"), null=True, blank=True,
        help_text=_("The end of the processing period: working days, a period of more information left out, "
                    "plus any extension."),
    )
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0, editable=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True, editable=False)
    due_reminder_sent_for = models.DateField(
        _("staff reminded of the due date"), null=True, blank=True, editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    staff_message = models.TextField(_("message to the tenant"), blank=True)
    sensitive_purged_at = models.DateTimeField(_("unique identifiers deleted at"), null=True, blank=True)
    identifier_consent_version = models.CharField(
        _("version of the unique-identifier notice agreed by the filer"), max_length=20, blank=True, editable=False,
    )
    identifier_consent_at = models.DateTimeField(
        _("filer agreed to the unique-identifier notice at"), null=True, blank=True, editable=False,
    )
    transitions = GenericRelation("portal.StatusChange", related_query_name="exemption_request")
    history = HistoricalRecords(excluded_fields=["sensitive"])

    class Meta:
        verbose_name = _("exemption request")
        verbose_name_plural = _("exemption requests")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["status", "waiting_since"]), models.Index(fields=["company", "status"]),
                   models.Index(fields=["status", "due_date"])]
        constraints = [models.UniqueConstraint(fields=["receipt_number"], condition=~models.Q(receipt_number=""),
                                               name="exemptionrequest_unique_receipt")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.exemption_type.code} · {self.subject}"

    def __repr__(self) -> str:  # never the sensitive values
        return f"<ExemptionRequest {self.pk} {self.status}>"

    @property
    def allowed_transitions(self) -> tuple[str, ...]:
        return REQUEST_WORKFLOW.allowed_targets(self.status)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Still waiting for staff after its due date."""
        return (self.status == RequestStatus.SUBMITTED and self.due_date is not None
                and self.due_date < (today or timezone.localdate()))

    @property
    def days_waiting(self) -> int | None:
        if self.waiting_since is None:
            return None
        return (timezone.localdate() - timezone.localtime(self.waiting_since).date()).days


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")  # shown only: derived from the validity date


# The files of an issued document, by format: the content type they are served with.
DOCUMENT_FORMATS = {"pdf": "application/pdf", "hwpx": "application/hwp+zip"}


class IssuedDocument(TimeStampedModel):
    """The document issued for an approved request: number, dates, certified facts, PDFs, and the
    hash of its verification code (the code itself is printed on the PDF only)."""

    request = models.OneToOneField(
        ExemptionRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="document"
    )
    exemption_type = models.ForeignKey(
        ExemptionType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="documents"
    )
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="+")
    lease = models.ForeignKey(
        Lease, verbose_name=_("lease certified"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    number = models.CharField(_("document number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices[:2], default=DocumentStatus.VALID,
        editable=False,
    )
    verification_code_hash = models.CharField(max_length=64, editable=False)
    facts = models.JSONField(_("facts certified"), default=dict, editable=False)
    pdf_path = models.CharField(_("PDF (Korean)"), max_length=300, editable=False)
    pdf_en_path = models.CharField(_("PDF (English)"), max_length=300, blank=True, editable=False)
    hwpx_path = models.CharField(_("HWPX (Korean)"), max_length=300, blank=True, editable=False)
    hwpx_en_path = models.CharField(_("HWPX (English)"), max_length=300, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["exemption_type", "year", "sequence"], name="issueddocument_number_once"),
        ]

    def __str__(self) -> str:
        return self.number

    def current_status(self, today: dt.date | None = None) -> str:
        if self.status == DocumentStatus.REVOKED:
            return DocumentStatus.REVOKED
        if self.valid_until < (today or timezone.localdate()):
            return DocumentStatus.EXPIRED
        return DocumentStatus.VALID

    def get_current_status_display(self) -> str:
        return DocumentStatus(self.current_status()).label


class ConsentMethod(models.TextChoices):
    LINK = "link", _("through the link e-mailed to the employee")
    SIGNED_FORM = "signed_form", _("on the signed consent form uploaded by the company")


class EmployeeConsent(models.Model):
    """The consent of the person a request's unique identifiers belong to (the foreign employee), given
    through a one-time link e-mailed to them: one row per link sent. Only the SHA-256 of each link's
    token is kept; the consent link works once, until it expires or a newer link replaces it; the
    withdrawal link (sent after consenting) works until the request is decided."""

    request = models.ForeignKey(
        ExemptionRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="employee_consents"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address the link was sent to"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    withdraw_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("link sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("link expires at"))
    notice_version = models.CharField(_("version of the notice"), max_length=20, blank=True)
    language = models.CharField(_("language of the notice"), max_length=10, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    consent_ip = models.GenericIPAddressField(_("consented from (address)"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_ip = models.GenericIPAddressField(_("withdrawn from (address)"), null=True, blank=True)
    # The fallback when the employee cannot use the link: the form the portal generates, signed by the employee
    # and uploaded by the company (its consent time is the upload's).
    method = models.CharField(_("how the consent was given"), max_length=20, choices=ConsentMethod.choices,
                              default=ConsentMethod.LINK)
    signed_form_path = models.CharField(max_length=300, blank=True, editable=False)
    signed_form_name = models.CharField(_("signed consent form"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed form uploaded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("employee's consent")
        verbose_name_plural = _("employees' consents")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.email}"

    def __repr__(self) -> str:
        return f"<EmployeeConsent {self.pk} request={self.request_id}>"


class StayReminder(models.Model):
    """One reminder that an employee's permitted stay ends; the unique pair sends each one once."""

    request = models.ForeignKey(
        ExemptionRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="stay_reminders"
    )
    days_before = models.PositiveSmallIntegerField(_("days before the end of stay"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stay reminder")
        verbose_name_plural = _("stay reminders")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["request", "days_before"], name="stayreminder_once")]

    def __str__(self) -> str:
        return f"{self.request_id} D-{self.days_before}"


class KeptUpload(models.Model):
    """A valid file that came with a request form refused for another reason, kept in private storage
    so that it need not be chosen again. The form carries only its random token, and only the user and
    company that uploaded it can claim it; unclaimed ones are deleted after a day."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("document"), max_length=50)
    path = models.CharField(max_length=300, editable=False)
    name = models.CharField(_("file name"), max_length=200)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("kept upload")
        verbose_name_plural = _("kept uploads")

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<KeptUpload {self.pk} {self.code}>"
