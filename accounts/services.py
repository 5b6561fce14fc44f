"""Writes on users: creation with a role, sign-up with consents, verification, profile, deletion,
two-factor set-up links and resets, and the security-event log."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError, PermissionRefused

from .consents import CONSENT_TEXTS
from .models import ConsentRecord, SecurityEvent, SecurityEventKind, User
from .roles import Role
from .signals import user_anonymised
from .tokens import two_factor_link_token


@transaction.atomic
def user_create(
    *, email: str, password: str | None, name: str = "", phone: str = "",
    preferred_language: str = "ko", role: Role | None = None, **extra,
) -> User:
    user = User.objects.create_user(
        email=email, password=password, name=name, phone=phone,
        preferred_language=preferred_language, **extra,
    )
    if role is not None:
        user_grant_role(user=user, role=role)
    return user


def user_grant_role(*, user: User, role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if role == Role.DISTRICT_STAFF and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user._role_cache = None


def user_set_language(*, user: User, language: str) -> None:
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


# ---- security events -------------------------------------------------------------------------

def security_event_record(
    *, kind: str, request=None, user=None, email: str = "", details: dict | None = None,
) -> SecurityEvent:
    """Append an entry to the security log; `request` supplies the address and browser."""
    from .throttle import client_ip

    ip = client_ip(request) or None
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if user is not None and not email:
        email = user.email
    return SecurityEvent.objects.create(
        kind=SecurityEventKind(kind), user=user, email=(email or "")[:254], ip=ip, user_agent=agent,
        details=details or {},
    )


# ---- sign-up and verification ----------------------------------------------------------------

def user_find_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


@transaction.atomic
def consent_record_give(*, user: User, purpose: str) -> ConsentRecord:
    """Record the user's consent to the current version of `purpose` (once while it stands)."""
    text = CONSENT_TEXTS[purpose]
    User.objects.select_for_update().filter(pk=user.pk).first()
    record = ConsentRecord.objects.filter(
        user=user, purpose=purpose, version=text.version, withdrawn_at__isnull=True
    ).first()
    if record is None:
        record = ConsentRecord.objects.create(user=user, purpose=purpose, version=text.version, given_at=timezone.now())
    return record


@transaction.atomic
def consent_record_withdraw(*, user: User, purpose: str) -> int:
    """Withdraw the user's standing consents to `purpose`; the rows stay as the record of what was agreed."""
    if CONSENT_TEXTS[purpose].required:
        raise DomainError(
            _("Your account needs this consent. To withdraw it, delete your account."), code="consent_required"
        )
    return ConsentRecord.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


@transaction.atomic
def user_signup(
    *, email: str, password: str, name: str, phone: str = "", preferred_language: str = "ko",
    consents: list[str], request=None,
) -> tuple[User, bool]:
    """Create an applicant account with its consents; return (user, created).

    An address that already has an account returns that account unchanged (created=False): the
    caller answers exactly as for a new one and tells the owner by e-mail.
    """
    missing = [p for p, text in CONSENT_TEXTS.items() if text.required and p not in consents]
    if missing:
        raise DomainError("required consent missing", code="consent_required")
    existing = User.objects.select_for_update().filter(email__iexact=email.strip()).first()
    if existing is not None:
        make_password(password)  # the same work as for a new account: the timing tells nothing either
        security_event_record(
            kind=SecurityEventKind.SIGNUP, request=request, user=existing, email=email,
            details={"existing_account": True},
        )
        return existing, False
    user = user_create(
        email=email, password=password, name=name, phone=phone, preferred_language=preferred_language,
        role=Role.APPLICANT,
    )
    for purpose in consents:
        consent_record_give(user=user, purpose=purpose)
    security_event_record(kind=SecurityEventKind.SIGNUP, request=request, user=user)
    return user, True


@transaction.atomic
def user_verify_email(*, user: User, request=None) -> bool:
    """Mark the address verified; False when it already was."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    security_event_record(kind=SecurityEventKind.EMAIL_VERIFIED, request=request, user=user)
    return True


# ---- profile ---------------------------------------------------------------------------------

@transaction.atomic
def user_update_profile(*, user: User, name: str, phone: str, preferred_language: str) -> list[str]:
    """Save the profile fields; return the names of the fields that changed."""
    changed = []
    for field, value in (("name", name), ("phone", phone), ("preferred_language", preferred_language)):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if changed:
        user.save(update_fields=changed)
    return changed


# ---- personal data: export and deletion ------------------------------------------------------

def user_export_data(*, user: User) -> dict:
    """The user's own data as JSON-serialisable data; other apps add theirs through `user_data_export`."""
    from .signals import user_data_export

    data = {
        "account": {
            "email": user.email,
            "name": user.name,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "consents": [
            {
                "purpose": c.purpose, "version": c.version, "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in user.consents.order_by("given_at", "id")
        ],
        "security_events": [
            {"kind": e.kind, "at": e.at.isoformat(), "ip": e.ip, "user_agent": e.user_agent}
            for e in user.security_events.order_by("-at", "-id")[:500]
        ],
    }
    for _receiver, section in user_data_export.send(sender=User, user=user):
        if section:
            data.update(section)
    return data


@transaction.atomic
def user_anonymise(*, user: User, request=None) -> None:
    """Delete an account at its owner's request: personal data removed, what law requires kept.

    The row stays (anonymised) so records other apps must keep still point to something; consents
    are withdrawn; the security log is kept for the period the law on access logs sets.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    email = user.email
    security_event_record(kind=SecurityEventKind.ACCOUNT_DELETED, request=request, user=user)
    user.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.name = ""
    user.phone = ""
    user.is_active = False
    user.anonymised_at = now
    user.set_unusable_password()
    user.save(update_fields=["email", "name", "phone", "is_active", "anonymised_at", "password"])
    user.groups.clear()
    user_anonymised.send(sender=User, user=user, email=email)


# ---- two-factor authentication ---------------------------------------------------------------

@transaction.atomic
def two_factor_link_start(*, user: User) -> str:
    """Prepare a set-up link: a new pending (unconfirmed) device replaces any other, which spends the
    links sent before; return the link's token."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    User.objects.select_for_update().filter(pk=user.pk).first()
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return two_factor_link_token.make_token(user)


@transaction.atomic
def two_factor_link_open(*, user: User, token: str):
    """Spend a set-up link of `user`: its pending device gets a new key (which spends every link made
    for it) and is returned for the set-up page; None when the link is broken, expired or spent."""
    from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

    User.objects.select_for_update().filter(pk=user.pk).first()
    if not two_factor_link_token.check_token(user, token):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        return None
    device.key = default_key()
    device.save(update_fields=["key"])
    return device


def two_factor_reset_allowed(*, actor: User, user: User) -> bool:
    """Superusers reset anyone's authenticator app; district staff those of accounts without staff
    status (evaluators), never a colleague's, a superuser's or their own."""
    if actor.is_superuser:
        return True
    return actor.is_district_staff and not (user.is_staff or user.is_superuser)


@transaction.atomic
def two_factor_reset(*, user: User, actor: User, request=None) -> int:
    """Remove every device of `user` (a lost phone); the owner sets up a new one through an e-mailed
    link at the next login. Logged with who did it; returns the number of devices removed."""
    from django_otp import devices_for_user

    user = User.objects.select_for_update().get(pk=user.pk)
    if not two_factor_reset_allowed(actor=actor, user=user):
        raise PermissionRefused(_("You may not reset the two-factor authentication of this account."),
                                code="two_factor_reset_refused")
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    if devices:
        security_event_record(
            kind=SecurityEventKind.TWO_FACTOR_RESET, request=request, user=user,
            details={"by": actor.email, "by_id": actor.pk, "devices": len(devices)},
        )
    return len(devices)
