"""The Popbill connection: the real SDK reaches the local fake, signs its token request with the
configured key, and is refused with a wrong one."""

import pytest
from popbill import PopbillException, TaxinvoiceService

from portal.providers.popbill import popbill_configured, popbill_service
from tests.fakes.popbill import CORP_NUM


def test_the_sdk_signs_in_and_calls_the_configured_endpoint(popbill_fake):
    popbill_fake.route("GET", "/Taxinvoice/ChargeInfo", lambda r: (200, {
        "unitCost": "100", "chargeMethod": "01", "rateSystem": "1"}))
    assert popbill_configured()

    info = popbill_service(TaxinvoiceService).getChargeInfo(CORP_NUM)

    assert info.unitCost == "100"
    (token_request,) = popbill_fake.calls("POST", "/POPBILL_TEST/Token")
    assert token_request.json()["access_id"] == CORP_NUM
    (call,) = popbill_fake.calls("GET", "/Taxinvoice/ChargeInfo")
    assert call.headers["authorization"].removeprefix("Bearer ") in popbill_fake.tokens


def test_a_wrong_secret_key_is_refused_by_the_token_service(popbill_fake, settings):
    import base64

    settings.POPBILL_SECRET_KEY = base64.b64encode(b"another-key").decode()
    with pytest.raises(PopbillException):
        popbill_service(TaxinvoiceService).getChargeInfo(CORP_NUM)
    assert not popbill_fake.calls("GET", "/Taxinvoice/ChargeInfo")


def test_without_credentials_the_provider_is_off(settings):
    settings.POPBILL_LINK_ID = ""
    assert not popbill_configured()
