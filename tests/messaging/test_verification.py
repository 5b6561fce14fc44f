"""Proving a mobile number by a 6-digit code sent by SMS, and choosing KakaoTalk, from the account page over
HTTP: wrong, expired and spent codes are refused; the code is kept only hashed."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from messaging.models import Channel, MessagingProfile, PhoneVerification
from messaging.selectors import profile_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROFILE = reverse("accounts:profile")


@pytest.fixture
def member(client):
    user = UserFactory(phone="010-2222-3333")
    client.force_login(user)
    return user


def _request_code(client, kakao, django_capture_on_commit_callbacks, phone="010-2222-3333") -> str:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("messaging:phone_start"), {"phone": phone})
    assert response.status_code == 302 and response["Location"].endswith("#messaging")
    sms = kakao.sms[-1]
    assert sms["receiver"] == re.sub(r"\D", "", phone)
    return re.search(r"(?<!\d)(\d{6})(?!\d)", sms["text"]).group(1)


def _confirm(client, code):
    return client.post(reverse("messaging:phone_confirm"), {"code": code}, follow=True)


def _profile(user) -> MessagingProfile:
    return profile_for(user=user)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10 ** 6:06d}"


def test_a_number_is_verified_by_its_code_and_then_kakaotalk_can_be_chosen(
        client, member, kakao, django_capture_on_commit_callbacks):
    page = client.get(PROFILE).content.decode()
    assert 'id="messaging"' in page and "010-2222-3333" in page  # offered from the account's phone

    refused = client.post(reverse("messaging:channel"), {"channel": Channel.KAKAO}, follow=True)
    assert "Verify your mobile number first" in refused.content.decode() or "인증" in refused.content.decode()
    assert _profile(member).channel == Channel.EMAIL

    code = _request_code(client, kakao, django_capture_on_commit_callbacks)
    verification = PhoneVerification.objects.get(user=member)
    assert code not in verification.code_hash and len(verification.code_hash) >= 32
    assert 'name="code"' in client.get(PROFILE).content.decode()

    page = _confirm(client, code)
    assert page.status_code == 200
    profile = _profile(member)
    assert profile.verified_phone == "01022223333" and profile.phone_verified_at is not None
    assert "010-2222-3333" in page.content.decode()

    client.post(reverse("messaging:channel"), {"channel": Channel.KAKAO_SMS})
    assert _profile(member).channel == Channel.KAKAO_SMS


def test_a_wrong_code_is_refused_and_counted(client, member, kakao, django_capture_on_commit_callbacks):
    code = _request_code(client, kakao, django_capture_on_commit_callbacks)
    page = _confirm(client, _wrong(code)).content.decode()
    assert "4" in page and ("more tries" in page or "번" in page)
    assert PhoneVerification.objects.get(user=member).attempts == 1
    assert not _profile(member).verified_phone


def test_an_expired_code_is_refused(client, member, kakao, django_capture_on_commit_callbacks, settings):
    code = _request_code(client, kakao, django_capture_on_commit_callbacks)
    PhoneVerification.objects.filter(user=member).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = _confirm(client, code).content.decode()
    assert "expired" in page or "만료" in page
    assert not _profile(member).verified_phone


def test_too_many_wrong_codes_spend_the_code(client, member, kakao, django_capture_on_commit_callbacks, settings):
    code = _request_code(client, kakao, django_capture_on_commit_callbacks)
    for _ in range(settings.MESSAGING_CODE_MAX_ATTEMPTS):
        _confirm(client, _wrong(code))
    page = _confirm(client, code).content.decode()  # even the right one, now
    assert "Too many wrong codes" in page or "너무 많이" in page
    assert not _profile(member).verified_phone
    assert 'name="code"' not in client.get(PROFILE).content.decode()

    fresh = _request_code(client, kakao, django_capture_on_commit_callbacks)  # a new code starts afresh
    _confirm(client, fresh)
    assert _profile(member).verified_phone == "01022223333"


def test_codes_are_limited_per_hour_and_only_to_mobile_numbers(
        client, member, kakao, django_capture_on_commit_callbacks, settings):
    client.post(reverse("messaging:phone_start"), {"phone": "02-123-4567"})
    assert not PhoneVerification.objects.exists()
    for _ in range(settings.MESSAGING_CODES_PER_HOUR):
        _request_code(client, kakao, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("messaging:phone_start"), {"phone": "010-2222-3333"})
    assert len(kakao.sms) == settings.MESSAGING_CODES_PER_HOUR


def test_the_advertising_consent_keeps_its_time(client, member):
    client.post(reverse("messaging:ads_consent"), {"give": "1"})
    profile = _profile(member)
    assert profile.ads_consent and profile.ads_consent_at is not None
    client.post(reverse("messaging:ads_consent"))
    assert not _profile(member).ads_consent


def test_the_actions_need_a_login(client):
    for name in ("messaging:phone_start", "messaging:phone_confirm", "messaging:channel", "messaging:ads_consent",
                 "messaging:phone_forget"):
        response = client.post(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
