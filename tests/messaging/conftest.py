"""Messaging's tests: the real Popbill SDK against the loopback fake, with the declared templates approved."""

import pytest

from tests.fakes.popbill_kakao import KakaoApi

SENDER = "0221550000"


@pytest.fixture
def kakao(popbill_fake, settings, db):
    """The fake's KakaoTalk and SMS endpoints, with every template row approved under a code it knows."""
    from messaging.models import Approval, MessageTemplate

    settings.POPBILL_SENDER_NUMBER = SENDER
    api = KakaoApi(popbill_fake).install()
    for template in MessageTemplate.objects.all():
        template.provider_code, template.approval = f"YP_{template.key.upper()}", Approval.APPROVED
        template.save(update_fields=["provider_code", "approval"])
        api.templates[template.provider_code] = template.text
    return api
