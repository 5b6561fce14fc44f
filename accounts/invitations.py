"""Invitations by e-mail, one mechanism for every kind: a team of a company (tenants), the co-applicants of an
application (applications).

A kind of invitation is a concrete model on `InvitationBase` with what it invites to (a company, an
application) and a role; its services make the token and expiry with `invitation_token` and
`invitation_expiry`, check an acceptance with `invitation_check_acceptable`, create the account of an address
that has none with `invited_user_create` (the sign-up form is `accounts.forms.InvitationSignupForm`, the page
`templates/accounts/_invitation_accept.html`), and register their admin on `InvitationAdminMixin`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exceptions import DomainError
from portal.models import TimeStampedModel


class InvitationBase(TimeStampedModel):
    """An invitation sent to an address, with its secret link, expiry, acceptance and withdrawal."""

    email = models.EmailField(gettext_lazy("e-mail address"))
    token = models.CharField(gettext_lazy("token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(gettext_lazy("expires at"))
    accepted_at = models.DateTimeField(gettext_lazy("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(gettext_lazy("withdrawn at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


def invitation_token() -> str:
    """The secret of an invitation's link."""
    return secrets.token_urlsafe(32)


def invitation_expiry(*, days: int, at=None):
    """When an invitation made now (or at `at`) stops working."""
    return (at or timezone.now()) + timedelta(days=days)


def invitation_check_acceptable(*, invitation: InvitationBase, user, expired_message: str = "") -> None:
    """Raise DomainError unless `user` may accept `invitation` now: open, and sent to the user's address."""
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been accepted."), code="accepted")
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation was withdrawn. Ask for a new one."), code="revoked")
    if invitation.is_expired:
        raise DomainError(expired_message or _("This invitation has expired. Ask for a new one."), code="expired")
    if user.email.lower() != invitation.email.lower():
        raise DomainError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email},
            code="wrong_user",
        )


@transaction.atomic
def invited_user_create(
    *,
    email: str,
    name: str,
    password: str,
    phone: str = "",
    preferred_language: str = "ko",
    consents: list[str],
    request=None,
):
    """The account of an invited address that has none: its consents recorded, its address verified by the
    invitation's link."""
    from .consents import CONSENT_TEXTS
    from .models import SecurityEventKind, User
    from .services import consent_record_give, security_event_record, user_create

    missing = [p for p, text in CONSENT_TEXTS.items() if text.required and p not in consents]
    if missing:
        raise DomainError(
            _("Without the consent to the use of personal data no account can be created."), code="consent_required"
        )
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("You already have an account with this address."), code="account_exists")
    user = user_create(
        email=email,
        password=password,
        name=name,
        phone=phone,
        preferred_language=preferred_language,
        email_verified_at=timezone.now(),
    )
    for purpose in consents:
        consent_record_give(user=user, purpose=purpose)
    security_event_record(kind=SecurityEventKind.SIGNUP, request=request, user=user, details={"invitation": True})
    return user


class InvitationAdminMixin:
    """The admin of a kind of invitation: read-only (invitations are made and withdrawn by their senders), the
    token never shown. Add the kind's own fields (what it invites to, the role) before `INVITATION_FIELDS`."""

    INVITATION_FIELDS = ["email", "invited_by", "expires_at", "accepted_at", "accepted_by", "revoked_at", "created_at"]
    exclude = ["token"]

    def has_add_permission(self, request, obj=None):
        return False
