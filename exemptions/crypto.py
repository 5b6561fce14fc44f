"""Encryption at rest of unique identifiers, 고유식별정보 (Fernet, keys from FIELD_ENCRYPTION_KEY), and masking."""

from __future__ import annotations

import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def fernet_for_keys(keys: str) -> MultiFernet:
    parts = [k.strip() for k in keys.split(",") if k.strip()]
    if not parts:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set: encrypted fields cannot be read or written.")
    try:
        return MultiFernet([Fernet(k) for k in parts])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY is not a valid Fernet key: {exc}") from None


def encrypt(text: str) -> str:
    return fernet_for_keys(settings.FIELD_ENCRYPTION_KEY).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet_for_keys(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("An encrypted field cannot be decrypted with FIELD_ENCRYPTION_KEY.") from None


def mask(value: str) -> str:
    """The front shown, the rest as asterisks, as official documents mask identifiers: a registration
    number keeps its date of birth and the digit after the dash ("920304-5123456" -> "920304-5******"),
    any other value all but its last four characters ("M12345678" -> "M1234****")."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) == 14 and value[6] == "-":
        return value[:8] + "*" * 6
    if len(value) <= 4:
        return "*" * max(len(value), 3)
    return value[:-4] + "****"


class EncryptedJSONField(models.TextField):
    """A dict stored as one Fernet token (random IV: equal values never look alike, no lookups).

    The empty dict is stored as an empty string, so a purge leaves nothing to decrypt."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return {}
        return json.loads(decrypt(value))

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        if not value:
            return {}
        return json.loads(decrypt(value))

    def get_prep_value(self, value):
        if not value:
            return ""
        return encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj):
        return ""  # never serialised in clear (dumpdata, history)
