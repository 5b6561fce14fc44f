"""Korean phone numbers: accept the usual ways of typing them, store them in one hyphenated form."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-.()]")
_PATTERNS = [
    # (regex on digits, grouping)
    (re.compile(r"^(01[016789])(\d{3,4})(\d{4})$"), None),  # mobile
    (re.compile(r"^(02)(\d{3,4})(\d{4})$"), None),  # Seoul
    (re.compile(r"^(0[3-6][1-5])(\d{3,4})(\d{4})$"), None),  # other regions
    (re.compile(r"^(070|050\d)(\d{3,4})(\d{4})$"), None),  # internet and personal numbers
    (re.compile(r"^(1[568]\d{2})(\d{4})$"), None),  # nationwide representative numbers (1588-xxxx)
]


def normalize_korean_phone(value: str) -> str:
    """Return the number as 010-1234-5678 / 02-123-4567 / 1588-1234; raise ValidationError if not Korean."""
    raw = (value or "").strip()
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+82"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("0082"):
        digits = "0" + digits[4:].lstrip("0")
    if digits.isdigit():
        for pattern, _grouping in _PATTERNS:
            match = pattern.match(digits)
            if match:
                return "-".join(match.groups())
    raise ValidationError(
        _("Enter a Korean phone number, for example 010-1234-5678 or 02-123-4567."), code="invalid_phone"
    )
