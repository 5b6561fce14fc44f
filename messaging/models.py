"""KakaoTalk 알림톡 templates as data, each user's channel choice, verified phone and advertising consent, the
verification codes, and one delivery record per message sent (docs/messaging.md)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .registry import AD_MARK, KINDS

VARIABLE = re.compile(r"#\{([^{}]+)\}")
AD_PREFIX = AD_MARK


def template_variables(text: str) -> set[str]:
    return set(VARIABLE.findall(text or ""))


def template_fill(text: str, variables: dict) -> str:
    return VARIABLE.sub(lambda match: str(variables.get(match.group(1), match.group(0))), text)


class Approval(models.TextChoices):
    """Kakao's review (검수) of a 알림톡 template, as Popbill shows it; only an approved one is sent."""

    DRAFT = "draft", _("Draft (not submitted)")
    REQUESTED = "requested", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class MessageTemplate(models.Model):
    key = models.CharField(_("message"), max_length=40, unique=True,
                           choices=[(kind.key, kind.label) for kind in KINDS.values()])
    provider_code = models.CharField(
        _("provider template code"), max_length=40, blank=True,
        help_text=_("The code Popbill shows for the template once registered (알림톡 템플릿 코드)."))
    approval = models.CharField(_("approval"), max_length=10, choices=Approval.choices, default=Approval.DRAFT)
    text = models.TextField(
        _("KakaoTalk text"),
        help_text=_("Exactly the text Kakao approved, with the variables as #{name}."))
    sms_text = models.TextField(
        _("SMS fallback text"), blank=True,
        help_text=_("Sent by text message when KakaoTalk cannot deliver (for users who chose it); the same "
                    "#{variables}. Empty: no fallback."))
    advertising = models.BooleanField(
        _("advertising"), default=False,
        help_text=_("An advertising message (광고성 정보, e.g. a template with an advertising part): sent only to "
                    "users who consented to advertising messages, never between 21:00 and 08:00."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("KakaoTalk template")
        verbose_name_plural = _("KakaoTalk templates")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.get_key_display()

    @property
    def sendable(self) -> bool:
        return self.approval == Approval.APPROVED and bool(self.provider_code)

    def clean(self) -> None:
        kind = KINDS.get(self.key)
        if kind is None:
            return
        declared = set(kind.variables)
        errors = {}
        for field in ("text", "sms_text"):
            unknown = template_variables(getattr(self, field)) - declared
            if unknown:
                errors[field] = _("Unknown variables %(unknown)s; this message has %(declared)s.") % {
                    "unknown": ", ".join(f"#{{{v}}}" for v in sorted(unknown)),
                    "declared": ", ".join(f"#{{{v}}}" for v in kind.variables)}
        if self.advertising and self.sms_text and not self.sms_text.startswith(AD_PREFIX):
            errors["sms_text"] = _("An advertising text message must begin with “(광고)” (정보통신망법 §50).")
        if errors:
            raise ValidationError(errors)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail only")
    KAKAO = "kakao", _("E-mail and KakaoTalk")
    KAKAO_SMS = "kakao_sms", _("E-mail and KakaoTalk, or a text message when KakaoTalk cannot deliver")


class MessagingProfile(models.Model):
    """A user's choice of channels, the phone number they verified and their consent to advertising."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="messaging")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    phone = models.CharField(_("verified mobile number"), max_length=20, blank=True)
    phone_verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    ads_consent = models.BooleanField(_("consents to advertising messages"), default=False)
    ads_consent_at = models.DateTimeField(_("advertising consent given or withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("messaging choice")
        verbose_name_plural = _("messaging choices")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def verified_phone(self) -> str:
        return self.phone if self.phone and self.phone_verified_at else ""

    @property
    def wants_kakao(self) -> bool:
        return self.channel in (Channel.KAKAO, Channel.KAKAO_SMS)


class PhoneVerification(models.Model):
    """A 6-digit code sent by SMS to prove a number: made by the sending task, kept only hashed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="phone_verifications")
    phone = models.CharField(_("mobile number"), max_length=20)
    code_hash = models.CharField(_("code (hashed)"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("phone verification")
        verbose_name_plural = _("phone verifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.created_at:%Y-%m-%d %H:%M}"


class DeliveryStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for 08:00 (advertising)")
    QUEUED = "queued", _("Queued")
    SUBMITTED = "submitted", _("Handed to the provider")
    SENT = "sent", _("Delivered by KakaoTalk")
    FELL_BACK = "fell_back", _("Delivered by text message instead")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class SkipReason(models.TextChoices):
    CHANNEL = "channel", _("The user no longer chose KakaoTalk or text messages")
    UNVERIFIED = "unverified", _("No verified mobile number")
    PHONE_CHANGED = "phone_changed", _("The verified number changed")
    NOT_APPROVED = "not_approved", _("The template is not approved or has no code")
    NO_ADS_CONSENT = "no_ads_consent", _("Advertising without the user's consent")
    OFF = "off", _("The channel is off")


class DeliveryKind(models.TextChoices):
    ALIMTALK = "alimtalk", _("KakaoTalk 알림톡")
    LMS = "lms", _("Text message (LMS)")


class Delivery(models.Model):
    """One message to one user's phone: a KakaoTalk 알림톡 of an approved template (template code, variables),
    or a text message (LMS) of a notice staff wrote, e.g. a group message; what was sent and its fate."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="message_deliveries")
    kind = models.CharField(_("sent as"), max_length=10, choices=DeliveryKind.choices,
                            default=DeliveryKind.ALIMTALK)
    template = models.ForeignKey(MessageTemplate, verbose_name=_("template"), on_delete=models.PROTECT,
                                 related_name="deliveries", null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    notification = models.ForeignKey("notifications.Notification", verbose_name=_("notice"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="message_deliveries")
    template_code = models.CharField(_("provider template code"), max_length=40, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    variables = models.JSONField(_("variables"), default=dict, blank=True)
    text = models.TextField(_("text"), blank=True)
    sms_text = models.TextField(_("SMS fallback text"), blank=True)
    advertising = models.BooleanField(_("advertising"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    reason = models.CharField(_("why not sent"), max_length=20, choices=SkipReason.choices, blank=True)
    send_after = models.DateTimeField(_("not before"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    submitted_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    result_at = models.DateTimeField(_("result at"), null=True, blank=True)
    receipt_number = models.CharField(_("provider receipt number"), max_length=40, blank=True)
    result_code = models.CharField(_("KakaoTalk result code"), max_length=20, blank=True)
    fallback_code = models.CharField(_("SMS result code"), max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("KakaoTalk delivery")
        verbose_name_plural = _("KakaoTalk deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "send_after"]), models.Index(fields=["status", "submitted_at"])]
        constraints = [models.CheckConstraint(condition=~Q(kind="alimtalk") | Q(template__isnull=False),
                                              name="delivery_alimtalk_has_template")]

    def __str__(self) -> str:
        return f"{self.template or self.get_kind_display()} → {self.user}"

    @property
    def request_number(self) -> str:
        """The key the provider refuses to take twice (1–36 letters, digits, - and _)."""
        return f"{settings.MESSAGING_REQUEST_PREFIX}-{self.pk}"[:36]
