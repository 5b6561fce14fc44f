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


# ---- refused input: the account page again, the error beside its field, what was typed kept ------------------

def _field_error(page: str, field_id: str) -> str:
    """The text of the message shown beside the field (its invalid-feedback, tied to it by aria-describedby)."""
    match = re.search(rf'<div class="invalid-feedback[^"]*" id="{field_id}_error">(.*?)</div>', page, re.S)
    assert match, f"no error beside {field_id}"
    assert re.search(rf'id="{field_id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field_id}"', page) \
        or f'aria-describedby="{field_id}_error"' in page
    return match.group(1).strip()


@pytest.mark.parametrize(("language", "expected"), [
    ("ko", "휴대전화 번호를 입력해 주십시오. 예: 010-1234-5678"),
    ("en", "Enter a Korean mobile number, e.g. 010-1234-5678."),
])
def test_a_landline_number_is_refused_beside_the_field_in_the_users_language_and_kept(
        client, member, kakao, settings, language, expected):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("messaging:phone_start"), {"phone": "02-123-4567"})
    assert response.status_code == 200  # no redirect: the page again, with the form as typed
    page = response.content.decode()
    assert _field_error(page, "id_messaging_phone") == expected
    assert re.search(r'name="phone" id="id_messaging_phone"[^>]*value="02-123-4567"', page)
    assert 'id="error-summary"' in page and 'href="#id_messaging_phone"' in page  # the summary leads to it
    assert 'id="id_name"' in page  # the rest of the account page is there too
    assert not PhoneVerification.objects.exists() and not kakao.sms


def test_a_number_that_is_no_phone_number_is_kept_as_typed(client, member, kakao):
    response = client.post(reverse("messaging:phone_start"), {"phone": "010-12<b>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Korean phone number" in _field_error(page, "id_messaging_phone") or "전화번호" in page
    assert 'value="010-12&lt;b&gt;"' in page  # kept, escaped


def test_a_refusal_of_the_service_stands_beside_the_field_too(client, member, kakao, settings,
                                                             django_capture_on_commit_callbacks):
    settings.MESSAGING_CODES_PER_HOUR = 1
    _request_code(client, kakao, django_capture_on_commit_callbacks)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("messaging:phone_start"), {"phone": "010-4444-5555"})
    assert response.status_code == 200
    page = response.content.decode()
    assert _field_error(page, "id_messaging_phone") == "Too many codes were requested. Please try again in an hour."
    assert 'value="010-4444-5555"' in page


def test_a_wrong_code_is_shown_beside_the_code_field_with_the_code_kept(
        client, member, kakao, settings, django_capture_on_commit_callbacks):
    code = _request_code(client, kakao, django_capture_on_commit_callbacks)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("messaging:phone_confirm"), {"code": _wrong(code)})
    assert response.status_code == 200
    page = response.content.decode()
    assert _field_error(page, "id_messaging_code") == "The code is not right. 4 more tries."
    assert re.search(rf'name="code" id="id_messaging_code"[^>]*value="{_wrong(code)}"', page)
    assert PhoneVerification.objects.get(user=member).attempts == 1  # the refused try still counts

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ko"
    page = client.post(reverse("messaging:phone_confirm"), {"code": "12a"}).content.decode()
    assert _field_error(page, "id_messaging_code") == "인증번호 6자리를 입력해 주십시오."
    assert 'value="12a"' in page
    assert PhoneVerification.objects.get(user=member).attempts == 1  # a malformed code is no try

    response = client.post(reverse("messaging:phone_confirm"), {"code": code})
    assert response.status_code == 302 and response["Location"].endswith("#messaging")  # PRG on success


def test_kakaotalk_without_a_verified_number_is_refused_beside_the_choice_which_stays_chosen(
        client, member, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("messaging:channel"), {"channel": Channel.KAKAO})
    assert response.status_code == 200
    page = response.content.decode()
    assert _field_error(page, "id_messaging_channel").startswith("Verify your mobile number first")
    assert re.search(rf'value="{Channel.KAKAO}" id="id_messaging_channel_\d"[^>]*checked', page)
    assert 'href="#id_messaging_channel_0"' in page
    assert _profile(member).channel == Channel.EMAIL

    response = client.post(reverse("messaging:channel"), {"channel": Channel.EMAIL})
    assert response.status_code == 302 and response["Location"].endswith("#messaging")
