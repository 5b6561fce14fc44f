"""Check digits of Korean identifiers and phone formats."""

import pytest
from django.core.exceptions import ValidationError

from portal.validators import (
    business_registration_number_is_valid,
    corporate_registration_number_is_valid,
    format_business_registration_number,
    format_phone,
    validate_business_registration_number,
    validate_phone,
)


@pytest.mark.parametrize("number", ["220-81-62517", "2208162517", "124-81-00998"])
def test_valid_business_registration_numbers(number):
    assert business_registration_number_is_valid(number)


@pytest.mark.parametrize("number", ["220-81-62518", "124-81-00999", "123-45-67890", "000-00-00001"])
def test_mistyped_business_registration_numbers_are_refused(number):
    assert not business_registration_number_is_valid(number)
    with pytest.raises(ValidationError) as error:
        validate_business_registration_number(number)
    assert error.value.code == "checksum"


def test_a_short_business_registration_number_says_how_long_it_must_be():
    with pytest.raises(ValidationError) as error:
        validate_business_registration_number("220-81-625")
    assert error.value.code == "length"


def test_business_registration_numbers_are_shown_with_hyphens():
    assert format_business_registration_number("2208162517") == "220-81-62517"


@pytest.mark.parametrize("number,valid", [("130111-0006246", True), ("130111-0006247", False), ("1101110005", False)])
def test_corporate_registration_number_check_digit(number, valid):
    assert corporate_registration_number_is_valid(number) is valid


@pytest.mark.parametrize(
    "raw,formatted",
    [("0212345678", "02-1234-5678"), ("01012345678", "010-1234-5678"), ("+82 10 1234 5678", "010-1234-5678"),
     ("031-123-4567", "031-123-4567"), ("15881234", "1588-1234")],
)
def test_phone_numbers_are_normalised(raw, formatted):
    assert format_phone(raw) == formatted
    validate_phone(raw)


def test_a_foreign_or_garbled_phone_number_is_refused():
    with pytest.raises(ValidationError):
        validate_phone("12345")
