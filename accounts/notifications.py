"""What the accounts app tells users by e-mail: verification links, sign-up attempts, reset links,
two-factor set-up links and resets.

Only the accounts' interface (views and tasks) uses this module. Accounts sit below the notifications
layer, so notices go through `portal.notices.notice_send`, which the notifications app serves: sent
through its outbox, rendered in the recipient's language; each address gets at most
PORTAL_RATE_LIMITS["account_mail"] of them per window, so no one can flood a mailbox.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.notices import notice_send

from .services import two_factor_link_start
from .throttle import mail_allowed
from .tokens import email_verification_token


def _hours(seconds: int) -> int:
    return max(1, seconds // 3600)


def account_notify_verify_email(*, user) -> bool:
    """E-mail a fresh verification link; False when the address already had too many mails."""
    if not mail_allowed(scope="account_mail", email=user.email):
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:verify_email", kwargs={"uidb64": uid, "token": email_verification_token.make_token(user)})
    notice_send(
        recipient=user, template="accounts/verify_email",
        context={"name": user.name, "url": settings.SITE_URL + path,
                 "hours": _hours(settings.PASSWORD_RESET_TIMEOUT)},
    )
    return True


def account_notify_signup_existing(*, user) -> bool:
    """Tell an account's owner that someone tried to sign up again with their address."""
    if not mail_allowed(scope="account_mail", email=user.email):
        return False
    notice_send(
        recipient=user, template="accounts/signup_existing",
        context={"name": user.name, "login_url": settings.SITE_URL + reverse("accounts:login"),
                 "reset_url": settings.SITE_URL + reverse("accounts:password_reset")},
    )
    return True


def account_notify_password_reset(*, user) -> bool:
    """E-mail a password-reset link in the user's language."""
    if not mail_allowed(scope="account_mail", email=user.email):
        return False
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)}
    )
    notice_send(
        recipient=user, template="accounts/password_reset",
        context={"name": user.name, "url": settings.SITE_URL + path,
                 "hours": _hours(settings.PASSWORD_RESET_TIMEOUT)},
    )
    return True


@transaction.atomic
def account_password_reset_send(*, event_id: int) -> bool:
    """Answer a password-reset request (its security event, by id): link the event to the account with the
    typed address and e-mail it a reset link; nothing when there is no such account. Once per request.

    The request itself only records the event and queues this, so its answer takes the same time whether
    or not the address has an account.
    """
    from .forms import PortalPasswordResetForm
    from .models import SecurityEvent, SecurityEventKind

    event = SecurityEvent.objects.filter(pk=event_id, kind=SecurityEventKind.PASSWORD_RESET_REQUESTED).first()
    if event is None:
        return False
    sent = False
    for user in PortalPasswordResetForm().get_users(event.email):
        if SecurityEvent.objects.filter(pk=event.pk, user__isnull=True).update(user=user):
            sent = account_notify_password_reset(user=user) or sent
    return sent


def account_notify_password_changed(*, user) -> None:
    """Tell the owner their password changed, so an unexpected change gets noticed."""
    notice_send(
        recipient=user, template="accounts/password_changed",
        context={"name": user.name, "reset_url": settings.SITE_URL + reverse("accounts:password_reset")},
    )


def account_notify_two_factor_link(*, user) -> bool:
    """E-mail a link that opens the set-up of an authenticator app (it spends the links sent before);
    False, and nothing changes, when the address already had too many mails."""
    if not mail_allowed(scope="account_mail", email=user.email):
        return False
    token = two_factor_link_start(user=user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:otp_setup_link", kwargs={"uidb64": uid, "token": token})
    notice_send(
        recipient=user, template="accounts/two_factor_link",
        context={"name": user.name, "url": settings.SITE_URL + path,
                 "minutes": max(1, settings.PORTAL_TWO_FACTOR_LINK_TIMEOUT // 60)},
    )
    return True


def account_notify_two_factor_reset(*, user) -> None:
    """Tell the owner their authenticator app was removed by the center, so an unexpected reset gets noticed."""
    notice_send(
        recipient=user, template="accounts/two_factor_reset",
        context={"name": user.name, "login_url": settings.SITE_URL + reverse("accounts:login")},
    )
