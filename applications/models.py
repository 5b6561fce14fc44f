"""Calls for applications, applications with their documents and messages (status changes: portal.StatusChange)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import TimeStampedModel
from portal.numbering import number_last
from portal.providers.nts import BusinessStatus
from portal.storage import private_storage
from portal.validators import format_business_registration_number, format_corporate_registration_number

from .workflow import STATES, Status


class AIField(models.TextChoices):
    VISION = "vision", _("Computer vision")
    LANGUAGE = "language", _("Language / LLM")
    SPEECH = "speech", _("Speech")
    ROBOTICS = "robotics", _("Robotics")
    HEALTHCARE = "healthcare", _("Healthcare")
    FINANCE = "finance", _("Finance")
    MOBILITY = "mobility", _("Mobility")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    DATA_PLATFORM = "data_platform", _("Data / MLOps platform")
    OTHER = "other", _("Other")


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    HWP = "hwp", "HWP"
    HWPX = "hwpx", "HWPX"


def default_document_formats() -> list[str]:
    return [DocumentFormat.PDF, DocumentFormat.HWP, DocumentFormat.HWPX]


class Outcome(models.TextChoices):
    """What a programme gives the applicants it selects."""

    UNIT_OFFER = "unit_offer", _("Offer of an office unit")
    GPU_ALLOCATION = "gpu_allocation", _("GPU allocation")
    REFERRAL = "referral", _("Referral")


TENANCY_PROGRAMME = "tenancy"  # the code of the excellent-company center's tenancy (migration 0012)
TENANCY_PROGRAMME_DEFAULTS = {
    "name_ko": "우수기업센터 입주기업 모집",
    "name_en": "Tenancy at the excellent-company center",
    "description_ko": "서초AICT 우수기업센터의 사무실에 입주할 AI 기업을 모집합니다.",
    "description_en": "Office units at the Yangjae AI special zone's excellent-company center for AI companies.",
    "outcome": "unit_offer",
    "position": 1,
}


def programme_tenancy() -> "Programme":
    """The tenancy programme, which migration 0012 creates; created again in a database emptied since (a
    flushed test or benchmark database)."""
    programme, _created = Programme.objects.get_or_create(code=TENANCY_PROGRAMME, defaults=TENANCY_PROGRAMME_DEFAULTS)
    return programme


class Programme(TimeStampedModel):
    """A programme of the zone (tenancy, GPU support, fund referrals) whose calls run the same selection."""

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Letters, digits and hyphens; in the "
                                                                            "programme's web address."))
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.UNIT_OFFER)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Only active programmes are shown to the "
                                                                            "public."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_ko


class ProgrammeStaff(models.Model):
    """A staff member's assignment to a programme, or to every programme (no programme): whose calls,
    applications, evaluations and documents they see in the admin (applications/permissions.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE,
                             related_name="programme_assignments")
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, null=True,
                                  blank=True, related_name="staff", help_text=_("Empty: all programmes."))

    class Meta:
        verbose_name = _("programme assignment")
        verbose_name_plural = _("programme assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="programme_staff_once"),
            models.UniqueConstraint(fields=["user"], condition=Q(programme__isnull=True),
                                    name="programme_staff_all_once"),
        ]

    def __str__(self) -> str:
        programme = self.programme if self.programme_id else _("all programmes")
        return f"{self.user} · {programme}"


class Call(TimeStampedModel):
    """A call for applications (모집공고) with its window, eligibility rules and units on offer."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="calls")
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("For example 2026-1."))
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_ko = models.TextField(_("text (Korean)"), blank=True)
    summary_en = models.TextField(_("text (English)"), blank=True)
    building = models.ForeignKey(
        "premises.Building", verbose_name=_("building"), on_delete=models.PROTECT, related_name="calls"
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    headcount_min = models.PositiveSmallIntegerField(_("minimum headcount"), default=20)
    headcount_max = models.PositiveSmallIntegerField(_("maximum headcount"), default=42)
    max_company_age_years = models.PositiveSmallIntegerField(
        _("maximum company age (years)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    ai_field_required = models.BooleanField(_("AI field required"), default=True)
    relocation_required = models.BooleanField(_("head-office relocation required"), default=True)
    units_on_offer = models.ManyToManyField(
        "premises.Unit", verbose_name=_("units on offer"), related_name="calls", blank=True
    )
    places = models.PositiveSmallIntegerField(
        _("places"), default=0, help_text=_("Number of companies to select; 0 means the number of units on offer.")
    )
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=2, default=60)
    trim_extremes_from = models.PositiveSmallIntegerField(
        _("drop highest and lowest from"), default=5,
        help_text=_("With at least this many evaluators, the highest and lowest totals are dropped; 0 never."),
    )
    stage1_weight = models.DecimalField(
        _("weight of stage 1"), max_digits=4, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    stage2_weight = models.DecimalField(
        _("weight of stage 2"), max_digits=4, decimal_places=2, default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    results_released_at = models.DateTimeField(_("results released at"), null=True, blank=True)
    # The call as a public notice (공고)
    notice_number = models.CharField(
        _("notice number"), max_length=60, blank=True,
        help_text=_("As the district numbers it, e.g. 서초구 공고 제2026-123호."),
    )
    contact_department = models.CharField(
        _("department to contact"), max_length=100, blank=True, default="서울특별시 서초구청 양재AI특구추진단",
    )
    contact_phone = models.CharField(_("telephone to contact"), max_length=30, blank=True, default="02-2155-7010")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(headcount_max__gte=models.F("headcount_min")), name="call_headcount_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_ko}"

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    @property
    def receipt_series(self) -> str:
        """The call's series of receipt numbers in `portal.numbering` (never restarts)."""
        return f"call-receipt:{self.pk}"

    @property
    def last_receipt_sequence(self) -> int:
        """The last receipt number given (0 before the first submission)."""
        return number_last(series=self.receipt_series)

    last_receipt_sequence.fget.short_description = _("last receipt number")


class CallDocumentType(models.Model):
    """A document the call asks for (사업계획서, 사업자등록증 사본 ...)."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="document_types")
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    help_ko = models.CharField(_("help (Korean)"), max_length=500, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    allowed_formats = models.JSONField(_("allowed formats"), default=default_document_formats)
    max_size_mb = models.PositiveSmallIntegerField(_("maximum size (MB)"), default=20)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    generated_form = models.CharField(
        _("form the portal generates"), max_length=30, blank=True,
        choices=[("personal_data_consent", _("Consent to the collection and use of personal data (PDF)"))],
        help_text=_("Offer the portal's own form for download beside this document's upload field."),
    )

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.name_ko


class EvaluationCriterion(models.Model):
    class Stage(models.IntegerChoices):
        WRITTEN = 1, _("Stage 1: written evaluation")
        PRESENTATION = 2, _("Stage 2: presentation")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="criteria")
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ko = models.TextField(
        _("description (Korean)"), blank=True, help_text=_("What the evaluators look at, shown beside the points."))
    description_en = models.TextField(_("description (English)"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["call", "stage", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name_ko} ({self.max_points})"


DEFAULT_CRITERIA = [
    # Korean name, English name, maximum points, Korean description, English description
    ("기술 혁신성", "Technological innovation", 40,
     "AI 기술의 독창성과 수준, 특허 등 기술 보호, 기존 기술과의 차별성",
     "How original and advanced the AI technology is, how it is protected (patents), how it differs from "
     "what exists"),
    ("글로벌 성장 잠재력", "Global growth potential", 30,
     "해외 시장 진출 계획과 실적, 시장 규모, 투자 유치 가능성",
     "Plans and results abroad, the size of the market, the prospect of attracting investment"),
    ("사업성", "Business viability", 30,
     "사업 모델의 실현 가능성, 매출과 고용 계획, 팀의 역량",
     "Whether the business model can work, the revenue and hiring plans, the team's ability"),
]

DEFAULT_DOCUMENT_TYPES = [
    # Korean name, English name, required, formats, the form the portal generates for it
    ("사업계획서", "Business plan", True, ["pdf", "hwp", "hwpx"], ""),
    ("사업자등록증 사본", "Business registration certificate (copy)", True, ["pdf", "jpeg", "png"], ""),
    ("법인등기부등본", "Corporate registry extract", True, ["pdf"], ""),
    ("국세·지방세 납세증명서", "National and local tax payment certificates", True, ["pdf", "jpeg", "png"], ""),
    ("최근 2년 재무제표", "Financial statements of the last two years", True, ["pdf", "hwp", "hwpx"], ""),
    ("개인정보 수집·이용 동의서", "Personal-data consent form", True, ["pdf", "jpeg", "png", "hwp", "hwpx"],
     "personal_data_consent"),
    # the headcount evidence: the list of employees enrolled in the four social insurances
    ("4대 사회보험 가입자 명부", "Social-insurance enrolment list (headcount evidence)", True,
     ["pdf", "jpeg", "png"], ""),
    ("특허·수상 증빙 (선택)", "Patents and awards (optional)", False, ["pdf", "jpeg", "png"], ""),
]


CALL_FILE_FORMATS = [DocumentFormat.PDF, DocumentFormat.HWP, DocumentFormat.HWPX]


class CallFileKind(models.TextChoices):
    NOTICE = "notice", _("Notice document (공고문)")
    FORM = "form", _("Form template (서식)")


def call_file_path(instance: "CallFile", filename: str) -> str:
    from portal.uploads import stored_name

    return f"calls/{instance.call_id}/{stored_name(filename)}"


class CallFile(models.Model):
    """A file published with the call: the notice itself (HWP/HWPX/PDF) or a form template applicants
    download, fill in and upload; checked like every upload (portal/uploads.py) and served from private
    storage by the public call page's own view."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=CallFileKind.choices, default=CallFileKind.NOTICE)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=call_file_path, max_length=500, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    detected_format = models.CharField(_("format"), max_length=10, choices=DocumentFormat.choices, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("notice document or form")
        verbose_name_plural = _("notice documents and forms")
        ordering = ["call", "kind", "position", "id"]

    def __str__(self) -> str:
        return self.title_ko


class CallFAQ(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="faqs")
    question_ko = models.CharField(_("question (Korean)"), max_length=300)
    question_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    answer_ko = models.TextField(_("answer (Korean)"))
    answer_en = models.TextField(_("answer (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["call", "position", "id"]

    def __str__(self) -> str:
        return self.question_ko


class CallScheduleItem(models.Model):
    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.CASCADE, related_name="schedule")
    label_ko = models.CharField(_("step (Korean)"), max_length=200)
    label_en = models.CharField(_("step (English)"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule step")
        verbose_name_plural = _("schedule")
        ordering = ["call", "starts_on", "id"]

    def __str__(self) -> str:
        return self.label_ko


class Application(TimeStampedModel):
    """A startup's application to a call; a draft until submitted, then read-only for the applicant."""

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    receipt_number = models.CharField(_("receipt number"), max_length=30, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Company
    company_name_ko = models.CharField(_("company name (Korean)"), max_length=200, blank=True)
    company_name_en = models.CharField(_("company name (English)"), max_length=200, blank=True)
    business_registration_number = models.CharField(
        _("business registration number"), max_length=10, blank=True, db_index=True
    )
    corporate_registration_number = models.CharField(_("corporate registration number"), max_length=13, blank=True)
    ceo_name = models.CharField(_("CEO"), max_length=100, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    # The NTS business-status check after submission (applications/services_business.py)
    business_status = models.CharField(
        _("NTS business status"), max_length=20, choices=BusinessStatus.choices, blank=True, default="",
        editable=False,
    )
    business_status_label = models.CharField(_("NTS answer"), max_length=200, blank=True, editable=False)
    business_checked_at = models.DateTimeField(_("NTS status checked at"), null=True, blank=True, editable=False)
    business_identity_valid = models.BooleanField(
        _("number, CEO and founding date match the NTS register"), null=True, blank=True, editable=False,
    )
    head_office_address = models.CharField(_("head-office address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    ai_field = models.CharField(_("AI field"), max_length=30, choices=AIField.choices, blank=True)
    # Team and space
    headcount = models.PositiveSmallIntegerField(_("full-time headcount"), null=True, blank=True)
    foreign_employees = models.PositiveSmallIntegerField(_("foreign employees"), null=True, blank=True)
    desired_unit_type = models.ForeignKey(
        "premises.UnitType", verbose_name=_("desired unit type"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications",
    )
    desired_move_in = models.DateField(_("desired move-in date"), null=True, blank=True)
    relocation_commitment = models.BooleanField(_("commits to move the head office"), default=False)
    # Plan and needs
    business_summary = models.TextField(_("business summary"), blank=True)
    revenue_last_year = models.PositiveBigIntegerField(_("revenue last year (won)"), null=True, blank=True)
    total_investment = models.PositiveBigIntegerField(_("total investment (won)"), null=True, blank=True)
    patents_held = models.PositiveSmallIntegerField(_("patents held"), null=True, blank=True)
    awards = models.TextField(_("awards"), blank=True)
    wants_immigration_exemption = models.BooleanField(_("interested in the immigration exemption"), default=False)
    wants_patent_exemption = models.BooleanField(_("interested in the patent exemption"), default=False)
    wants_fund = models.BooleanField(_("interested in the AI startup fund"), default=False)
    wants_gpu = models.BooleanField(_("interested in GPU computing support"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # The applicant's consents at the start (PIPA §15, §17) and the truthfulness declaration on submission
    consent_version = models.CharField(_("version of the consent notice"), max_length=20, blank=True,
                                       editable=False)
    consent_collection_at = models.DateTimeField(
        _("consented to the collection and use at"), null=True, blank=True, editable=False)
    # The retention periods (days, by name: applications/consents.py) the notice stated when consent was given:
    # staff change them in the retention schedule, so the version alone does not prove the text agreed to.
    consent_periods = models.JSONField(_("retention periods agreed to (days)"), default=dict, blank=True,
                                       editable=False)
    consent_committee_at = models.DateTimeField(
        _("consented to the evaluation committee reading it at"), null=True, blank=True, editable=False)
    truth_declared_at = models.DateTimeField(
        _("declared the application true at"), null=True, blank=True, editable=False)
    # The answers to the call's own form (applications/models_forms.py), keyed by question key, with the
    # version of the form they answer; empty for a call without a form of its own (the fixed steps above).
    form_definition = models.ForeignKey(
        "applications.FormDefinition", verbose_name=_("version of the form"), on_delete=models.PROTECT,
        null=True, blank=True, editable=False, related_name="applications")
    answers = models.JSONField(_("answers"), default=dict, blank=True, editable=False)
    # Requests for more information
    reopened_fields = models.JSONField(_("reopened items"), default=list, blank=True)
    info_request_message = models.TextField(_("information requested"), blank=True)
    transitions = GenericRelation("portal.StatusChange", related_query_name="application")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "applicant"], condition=~Q(status=Status.WITHDRAWN),
                name="application_one_per_applicant_and_call",
            ),
            models.UniqueConstraint(
                fields=["call", "business_registration_number"],
                condition=~Q(status__in=[Status.DRAFT, Status.WITHDRAWN]) & ~Q(business_registration_number=""),
                name="application_one_per_company_and_call",
            ),
            models.UniqueConstraint(
                fields=["receipt_number"], condition=~Q(receipt_number=""), name="application_unique_receipt"
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            # The admin's list, newest first: its first page is read from here instead of sorting the table.
            models.Index(fields=["-submitted_at", "-id"], name="application_newest_first"),
        ]

    def __str__(self) -> str:
        name = self.company_name_ko or _("(no company name yet)")
        label = self.receipt_number or _("draft")
        return f"{label} {name}"

    @property
    def state(self):
        return STATES[self.status]

    @property
    def business_registration_number_display(self) -> str:
        return format_business_registration_number(self.business_registration_number)

    @property
    def corporate_registration_number_display(self) -> str:
        """법인등록번호 written like the business number: 110111-1234567."""
        return format_corporate_registration_number(self.corporate_registration_number)


def application_document_path(instance: "ApplicationDocument", filename: str) -> str:
    """A generated name in the application's folder; the original name stays in `original_name`."""
    from portal.uploads import stored_name

    return f"applications/{instance.application.call_id}/{instance.application_id}/{stored_name(filename)}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.ForeignKey(
        CallDocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="documents"
    )
    file = models.FileField(
        _("file"), upload_to=application_document_path, max_length=500, storage=private_storage
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    detected_format = models.CharField(_("format"), max_length=10, choices=DocumentFormat.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["application", "document_type__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "document_type"], name="document_one_per_type"),
        ]

    def __str__(self) -> str:
        return self.original_name


class ApplicationMessage(models.Model):
    """A message in the thread between the applicant and staff about one application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    from_staff = models.BooleanField(_("from staff"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["application", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


class DocumentDestruction(models.Model):
    """The record of a document destroyed at the end of its retention period (kept after the file is gone)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="destructions"
    )
    document_type_name = models.CharField(_("document type"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    application_status = models.CharField(_("status of the application"), max_length=30, choices=Status.choices)
    retention_days = models.PositiveIntegerField(_("retention period (days)"))
    destroyed_at = models.DateTimeField(_("destroyed at"), default=timezone.now)

    class Meta:
        verbose_name = _("destroyed document")
        verbose_name_plural = _("destroyed documents")
        ordering = ["-destroyed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.destroyed_at:%Y-%m-%d})"


from .models_collaborators import (  # noqa: E402,F401  co-applicants and the edit log belong to this app
    ApplicationCollaborator,
    ApplicationEdit,
    ApplicationInvitation,
    CollaboratorRole,
    EditKind,
)
from .models_forms import (  # noqa: E402,F401  the form builder's models belong to this app
    AnswerFile,
    FormDefinition,
    FormStep,
    Question,
    QuestionType,
)
