"""The portal's user (e-mail login, name, phone, preferred language, roles as groups), the consents
users give and the security-event log."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .managers import UserManager
from .roles import Role


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="ko"
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Whether the user can log into the admin.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    anonymised_at = models.DateTimeField(
        _("anonymised at"), null=True, blank=True,
        help_text=_("Set when the user deleted their account: personal data was removed."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email

    def has_role(self, role: Role | str) -> bool:
        value = role.value if isinstance(role, Role) else role
        cache = getattr(self, "_role_cache", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True)) if self.pk else set()
            self._role_cache = cache
        return value in cache

    @property
    def is_district_staff(self) -> bool:
        return self.is_superuser or (self.is_staff and self.has_role(Role.DISTRICT_STAFF))

    @property
    def is_evaluator(self) -> bool:
        return self.has_role(Role.EVALUATOR)

    @property
    def is_applicant(self) -> bool:
        return self.has_role(Role.APPLICANT)

    @property
    def is_tenant_member(self) -> bool:
        return self.has_role(Role.TENANT_MEMBER)


class ConsentPurpose(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("Collection and use of personal data (required)")
    NEWS = "news", _("News of calls and programmes by e-mail (optional)")


class ConsentRecord(models.Model):
    """One consent a user gave to one purpose, in one version of its text; withdrawn_at when taken back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    version = models.CharField(_("version of the text"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose", "version"], condition=models.Q(withdrawn_at__isnull=True),
                name="consent_active_once_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.purpose} · {self.version}"


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Lockout")
    LOGOUT = "logout", _("Logout")
    SIGNUP = "signup", _("Sign-up")
    EMAIL_VERIFIED = "email_verified", _("E-mail verified")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset requested")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    ADMIN_CHANGE = "admin_change", _("Change in the admin")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")
    TWO_FACTOR_ENABLED = "two_factor_enabled", _("Two-factor authentication set up")
    TWO_FACTOR_RESET = "two_factor_reset", _("Two-factor authentication reset")


class SecurityEvent(models.Model):
    """An entry of the security log: who (or which address typed), from where, what, when."""

    kind = models.CharField(_("kind"), max_length=30, choices=SecurityEventKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="security_events",
    )
    email = models.CharField(_("e-mail as typed"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.email or self.user_id or '-'}"
