"""System check: FIELD_ENCRYPTION_KEY holds valid Fernet keys (a deploy fails early, not on the first request)."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def field_encryption_key_check(app_configs=None, **kwargs):
    from .crypto import fernet_for_keys

    if not settings.FIELD_ENCRYPTION_KEY:
        return []  # production refuses to start without it (portal/settings/production.py)
    try:
        fernet_for_keys(settings.FIELD_ENCRYPTION_KEY)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="Generate one with cryptography.fernet.Fernet.generate_key().",
                      id="exemptions.E001")]
    return []
