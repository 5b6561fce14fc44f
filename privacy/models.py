"""Published versions of the privacy policy (개인정보처리방침, PIPA §30) and the terms of use (이용약관):
the parts the district edits, and the page as published, kept so that every earlier version stays readable."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel

from .access_log import AccessLog, AccessLogReview  # noqa: F401 (the access log, kept in its own module)
from .workflow import OPEN, RightsStatus


class PolicyKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")


class PolicyVersion(TimeStampedModel):
    """One version of the privacy policy or of the terms. Editable until published; publishing renders
    the page in Korean and English and stores it (`rendered_ko`, `rendered_en`), which never change."""

    kind = models.CharField(_("document"), max_length=10, choices=PolicyKind.choices, default=PolicyKind.PRIVACY)
    version = models.CharField(_("version"), max_length=20, help_text=_("For example 1.0."))
    effective_on = models.DateField(_("effective from"))
    changes_ko = models.TextField(_("summary of changes (Korean)"), blank=True)
    changes_en = models.TextField(_("summary of changes (English)"), blank=True)
    body_ko = models.TextField(
        _("text (Korean)"), blank=True,
        help_text=_("The terms' articles; for the privacy policy, further provisions after the generated sections."),
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    # The privacy officer (개인정보 보호책임자) and the department that answers requests and complaints.
    officer_name = models.CharField(_("privacy officer"), max_length=100, blank=True)
    officer_title = models.CharField(_("privacy officer's position"), max_length=200, blank=True)
    officer_phone = models.CharField(_("privacy officer's phone"), max_length=20, blank=True)
    officer_email = models.EmailField(_("privacy officer's e-mail"), blank=True)
    department_ko = models.CharField(_("department for requests and complaints (Korean)"), max_length=200, blank=True)
    department_en = models.CharField(_("department for requests and complaints (English)"), max_length=200,
                                     blank=True)
    department_phone = models.CharField(_("department's phone"), max_length=20, blank=True)
    department_email = models.EmailField(_("department's e-mail"), blank=True)
    processors = models.JSONField(
        _("recipients and processors"), default=dict, blank=True,
        help_text=_("Names by key (committee, email, storage, messaging); a missing key uses the setting."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.SET_NULL, null=True, blank=True,
        editable=False, related_name="+",
    )
    rendered_ko = models.TextField(_("published page (Korean)"), blank=True, editable=False)
    rendered_en = models.TextField(_("published page (English)"), blank=True, editable=False)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["kind", "-effective_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="policy_version_unique_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def rendered(self, language: str) -> str:
        return self.rendered_en if language == "en" and self.rendered_en else self.rendered_ko


class RightsKind(models.TextChoices):
    ACCESS = "access", _("Access to my personal information (열람)")
    CORRECTION = "correction", _("Correction (정정)")
    DELETION = "deletion", _("Deletion (삭제)")
    SUSPENSION = "suspension", _("Suspension of processing (처리정지)")


class RightsRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def overdue(self, *, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class RightsRequest(TimeStampedModel):
    """A data subject's request to see, correct or delete their personal information or to stop its processing
    (PIPA §35–§37), from a signed-in user or from anyone through the public form once their address is verified.
    The status follows privacy/workflow.py; the due date is 10 working days after receipt, moved by an extension."""

    kind = models.CharField(_("kind of request"), max_length=20, choices=RightsKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=RightsStatus.choices,
                              default=RightsStatus.RECEIVED, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="rights_requests", editable=False)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="ko")
    details = models.TextField(_("what is asked"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    email_verified_at = models.DateTimeField(_("address verified at"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("answer due"), editable=False)
    answer = models.TextField(_("answer or reasons"), blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    # The digest of the verification link that filed it: the same link never files a second request.
    link_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    transitions = GenericRelation("portal.StatusChange", related_query_name="rightsrequest")

    objects = RightsRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data subject's request")
        verbose_name_plural = _("data subjects' requests")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="rights_request_status_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.name} ({self.received_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class RetentionSchedule(models.Model):
    """The period of one retention rule (privacy/retention.py) as the district approved it: created from the
    rule's default (a setting) and edited by staff in the admin, who are recorded as approving it."""

    rule = models.CharField(_("rule"), max_length=80, unique=True, editable=False)
    days = models.PositiveIntegerField(
        _("retention period (days)"), help_text=_("0 keeps the data: nothing is destroyed by this rule."))
    counts_from = models.CharField(_("counted from"), max_length=200, editable=False)
    active = models.BooleanField(_("destroy automatically"), default=True)
    note = models.TextField(_("note"), blank=True, help_text=_("The decision or statute behind the period."))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("retention schedule entry")
        verbose_name_plural = _("retention schedule")
        ordering = ["rule"]

    def __str__(self) -> str:
        return self.rule


class DestructionRecord(models.Model):
    """One entry of the destruction register (파기 대장, PIPA §21 and decree §16): what was destroyed, whose,
    how many, how, when, by which rule and period, approved by whom. Written by the retention task only."""

    rule = models.CharField(_("rule"), max_length=80)
    file_name = models.CharField(_("personal-data file"), max_length=200)
    what = models.CharField(_("what"), max_length=300)
    subjects = models.CharField(_("whose"), max_length=300)
    count = models.PositiveIntegerField(_("how many"))
    # Which records: their receipt numbers, or their ids ("#12–#40"), never the destroyed data itself
    references = models.JSONField(_("records destroyed"), default=list, blank=True)
    method = models.CharField(_("destruction method"), max_length=20)
    destroyed_at = models.DateTimeField(_("destroyed at"), default=timezone.now, db_index=True)
    cutoff = models.DateTimeField(_("destroyed what was older than"))
    period_days = models.PositiveIntegerField(_("retention period (days)"))
    counts_from = models.CharField(_("counted from"), max_length=200)
    approved_by = models.CharField(_("period approved by"), max_length=254, blank=True)
    approved_at = models.DateTimeField(_("period approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("destruction register entry")
        verbose_name_plural = _("destruction register")
        ordering = ["-destroyed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.destroyed_at:%Y-%m-%d} {self.what} ({self.count})"

    @property
    def references_display(self) -> str:
        return ", ".join(self.references)

    def get_method_display(self) -> str:
        from .retention import Method

        return str(Method(self.method).label) if self.method in Method.values else self.method
