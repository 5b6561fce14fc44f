"""Validation of Korean business registration numbers (사업자등록번호)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_digits(value: str) -> str:
    """The ten digits of a number typed with or without dashes or spaces."""
    return re.sub(r"[\s-]", "", value or "")


def brn_check_digit(first_nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_nine, BRN_WEIGHTS, strict=True))
    total += int(first_nine[8]) * 5 // 10
    return (10 - total % 10) % 10


def brn_format(value: str) -> str:
    digits = brn_digits(value)
    if len(digits) != 10:
        return value
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def validate_business_registration_number(value: str) -> None:
    digits = brn_digits(value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("Enter the 10 digits of the business registration number, as XXX-XX-XXXXX."), code="format"
        )
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("This business registration number is not valid: please check the digits."), code="checksum"
        )
