"""Reads of messaging: a user's choices (unsaved defaults when they made none) and their pending code."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from .models import MessagingProfile, PhoneVerification


def profile_for(*, user) -> MessagingProfile:
    return MessagingProfile.objects.filter(user=user).first() or MessagingProfile(user=user)


def verification_pending(*, user) -> PhoneVerification | None:
    """The latest code asked for, while it can still be entered (or is on its way)."""
    latest = PhoneVerification.objects.filter(user=user).first()
    if latest is None or latest.verified_at or latest.attempts >= settings.MESSAGING_CODE_MAX_ATTEMPTS:
        return None
    if latest.expires_at and latest.expires_at <= timezone.now():
        return None
    return latest
