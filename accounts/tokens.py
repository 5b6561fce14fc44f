"""Signed, expiring tokens of e-mailed links: e-mail verification (expiry: PASSWORD_RESET_TIMEOUT) and
the set-up of two-factor authentication (expiry: PORTAL_TWO_FACTOR_LINK_TIMEOUT)."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Like the password-reset token, but spent once the address is verified or changed."""

    key_salt = "accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verified = "" if user.email_verified_at is None else user.email_verified_at.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.email}{verified}{user.is_active}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


class TwoFactorLinkTokenGenerator(PasswordResetTokenGenerator):
    """The link that opens the set-up of an authenticator app. It covers the account's pending
    (unconfirmed) device, its key included: sending a new link replaces that device, opening a link
    gives it a new key, confirming or resetting removes it, so each link works once and only the newest
    one works. A new password or address spends it too."""

    key_salt = "accounts.tokens.TwoFactorLinkTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        pending = (TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("-pk")
                   .values_list("pk", "key").first())
        return f"{user.pk}{user.email}{user.password}{user.is_active}{pending}{timestamp}"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        age = self._num_seconds(self._now()) - base36_to_int(token.split("-")[0])
        return age <= settings.PORTAL_TWO_FACTOR_LINK_TIMEOUT


two_factor_link_token = TwoFactorLinkTokenGenerator()
