"""Validators and formatters of Korean identifiers: business and corporate registration numbers, phones."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def only_digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def business_registration_number_is_valid(value: str) -> bool:
    """사업자등록번호: 10 digits; check digit from weights 1,3,7,1,3,7,1,3,5 plus tens of d9×5."""
    digits = only_digits(value)
    if len(digits) != 10:
        return False
    numbers = [int(c) for c in digits]
    total = sum(n * w for n, w in zip(numbers[:9], BRN_WEIGHTS, strict=True))
    total += (numbers[8] * 5) // 10
    return (10 - total % 10) % 10 == numbers[9]


def format_business_registration_number(value: str) -> str:
    digits = only_digits(value)
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else value


def validate_business_registration_number(value: str) -> None:
    digits = only_digits(value)
    if len(digits) != 10:
        raise ValidationError(
            _("A business registration number has 10 digits, written as 123-45-67890."), code="length"
        )
    if not business_registration_number_is_valid(digits):
        raise ValidationError(
            _("This business registration number is not valid: please check the digits."), code="checksum"
        )


def corporate_registration_number_is_valid(value: str) -> bool:
    """법인등록번호: 13 digits; check digit from alternating weights 1,2 over the first 12."""
    digits = only_digits(value)
    if len(digits) != 13:
        return False
    numbers = [int(c) for c in digits]
    total = sum(n * (1 if i % 2 == 0 else 2) for i, n in enumerate(numbers[:12]))
    return (10 - total % 10) % 10 == numbers[12]


def format_corporate_registration_number(value: str) -> str:
    digits = only_digits(value)
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 13 else value


def validate_corporate_registration_number(value: str) -> None:
    digits = only_digits(value)
    if len(digits) != 13:
        raise ValidationError(
            _("A corporate registration number has 13 digits, written as 110111-1234567."), code="length"
        )
    if not corporate_registration_number_is_valid(digits):
        raise ValidationError(
            _("This corporate registration number is not valid: please check the digits."), code="checksum"
        )


_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")
PHONE_PATTERNS = [
    re.compile(r"^(01[016789])(\d{3,4})(\d{4})$"),  # mobile
    re.compile(r"^(02)(\d{3,4})(\d{4})$"),  # Seoul
    re.compile(r"^(0[3-6][1-5])(\d{3,4})(\d{4})$"),  # other regions
    re.compile(r"^(070|050\d)(\d{3,4})(\d{4})$"),  # internet and personal numbers
    re.compile(r"^(1[5-9]\d{2})(\d{4})$"),  # nationwide representative numbers (1588-xxxx)
]


def normalize_korean_phone(value: str) -> str:
    """Return the number as 010-1234-5678 / 02-123-4567 / 1588-1234; raise ValidationError if not Korean."""
    digits = _PHONE_SEPARATORS.sub("", (value or "").strip())
    if digits.startswith("+82"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("0082"):
        digits = "0" + digits[4:].lstrip("0")
    elif digits.startswith("82") and len(digits) >= 11:
        digits = "0" + digits[2:].lstrip("0")
    if digits.isdigit():
        for pattern in PHONE_PATTERNS:
            match = pattern.match(digits)
            if match:
                return "-".join(match.groups())
    raise ValidationError(
        _("Enter a Korean phone number, for example 010-1234-5678 or 02-123-4567."), code="invalid_phone"
    )


def format_phone(value: str) -> str:
    """The hyphenated form of a Korean phone number; the value unchanged when it is not one."""
    try:
        return normalize_korean_phone(value)
    except ValidationError:
        return value


def validate_phone(value: str) -> None:
    normalize_korean_phone(value)
