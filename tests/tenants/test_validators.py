"""Business registration numbers: format and check digit."""

import pytest
from django.core.exceptions import ValidationError

from tenants.validators import brn_format, validate_business_registration_number
from tests.factories import valid_brn


@pytest.mark.parametrize("number", [valid_brn(1), valid_brn(2).replace("-", ""), "220-81-62517"])
def test_valid_numbers_pass(number):
    validate_business_registration_number(number)


@pytest.mark.parametrize("number", ["220-81-62518", "123-45-678", "abc-de-fghij", ""])
def test_mistyped_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        validate_business_registration_number(number)


def test_numbers_are_shown_with_dashes():
    assert brn_format("2208162517") == "220-81-62517"
