"""The encryption helpers: masking, key rotation, and the system check of FIELD_ENCRYPTION_KEY."""

from cryptography.fernet import Fernet

from exemptions.checks import field_encryption_key_check
from exemptions.crypto import decrypt, encrypt, mask


def test_mask_keeps_only_the_last_digits():
    assert mask("M12345678") == "M1234****"
    assert mask("900501-5123456") == "900501-5******"
    assert mask("12") == "***"
    assert mask("") == ""


def test_equal_values_encrypt_differently_and_a_rotated_key_still_reads_old_tokens(settings):
    token = encrypt("M12345678")
    assert token != encrypt("M12345678") and "M12345678" not in token
    settings.FIELD_ENCRYPTION_KEY = f"{Fernet.generate_key().decode()},{settings.FIELD_ENCRYPTION_KEY}"
    assert decrypt(token) == "M12345678"
    assert decrypt(encrypt("X1")) == "X1"


def test_the_system_check_refuses_a_malformed_key(settings):
    assert field_encryption_key_check() == []
    settings.FIELD_ENCRYPTION_KEY = "not-a-key"
    assert [e.id for e in field_encryption_key_check()] == ["exemptions.E001"]
