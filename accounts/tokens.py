"""Signed, expiring tokens of e-mail verification links (expiry: PASSWORD_RESET_TIMEOUT)."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Like the password-reset token, but spent once the address is verified or changed."""

    key_salt = "accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verified = "" if user.email_verified_at is None else user.email_verified_at.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.email}{verified}{user.is_active}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()
