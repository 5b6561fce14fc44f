"""Published versions of the privacy policy (개인정보처리방침, PIPA §30) and the terms of use (이용약관):
the parts the district edits, and the page as published, kept so that every earlier version stays readable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel

from .access_log import AccessLog, AccessLogReview  # noqa: F401 (the access log, kept in its own module)


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
