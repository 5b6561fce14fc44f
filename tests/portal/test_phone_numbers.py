"""Korean phone numbers as people type them."""

import pytest
from django.core.exceptions import ValidationError

from portal.validators import normalize_korean_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("01012345678", "010-1234-5678"),
        ("010-1234-5678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("+82 (0)10 1234 5678", "010-1234-5678"),
        ("02-123-4567", "02-123-4567"),
        ("0225551234", "02-2555-1234"),
        ("031-123-4567", "031-123-4567"),
        ("070.1234.5678", "070-1234-5678"),
        ("1588-1234", "1588-1234"),
    ],
)
def test_accepted_forms(typed, stored):
    assert normalize_korean_phone(typed) == stored


@pytest.mark.parametrize("typed", ["", "12345", "010-12-34", "+1 415 555 0100", "phone", "0101234567890"])
def test_refused_forms(typed):
    with pytest.raises(ValidationError):
        normalize_korean_phone(typed)
