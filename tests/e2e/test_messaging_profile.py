"""The account page's KakaoTalk and text-message section in Chromium, in both languages: a mistyped mobile
number and KakaoTalk chosen without a verified number come back on the same page, the error summary taking
the focus, each message beside its field and what was typed still there."""

import pytest
from playwright.sync_api import expect

from messaging.models import Channel, MessagingProfile, PhoneVerification
from tests.e2e.browser import Screenshots, log_in, switch_language
from tests.factories import PASSWORD, UserFactory

WORDS = {
    "ko": {"language": "한국어", "mobile": "휴대전화 번호", "send_code": "인증번호 받기", "save": "저장",
           "kakao": "이메일과 카카오톡", "not_mobile": "휴대전화 번호를 입력해 주십시오. 예: 010-1234-5678",
           "unverified": "먼저 휴대전화 번호를 인증해 주십시오. 카카오톡 알림은 인증된 번호로만 보냅니다."},
    "en": {"language": "English", "mobile": "Mobile number", "send_code": "Send a code", "save": "Save",
           "kakao": "E-mail and KakaoTalk", "not_mobile": "Enter a Korean mobile number, e.g. 010-1234-5678.",
           "unverified": "Verify your mobile number first: KakaoTalk messages go only to a verified number."},
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_refused_input_comes_back_beside_its_field_and_nothing_typed_is_lost(page, lang, popbill_fake, settings):
    settings.POPBILL_SENDER_NUMBER = "0221550000"  # text messages available: the number's form is shown
    words = WORDS[lang]
    user = UserFactory(phone="")
    shots = Screenshots("messaging-profile")
    page.goto("/accounts/login/")
    if lang != "ko":
        switch_language(page, words["language"], lang)
    log_in(page, email=user.email, password=PASSWORD)
    page.goto("/accounts/profile/#messaging")

    # A landline number: the page comes back (no redirect) with the message beside the field.
    section = page.locator("#messaging")
    section.get_by_label(words["mobile"]).fill("02-123-4567")
    with page.expect_navigation():
        section.get_by_role("button", name=words["send_code"]).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    field = section.get_by_label(words["mobile"])
    expect(field).to_have_value("02-123-4567")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_messaging_phone_error")).to_have_text(words["not_mobile"])
    summary.get_by_role("link", name=words["mobile"]).click()
    expect(field).to_be_focused()
    shots.key_page(page, "1-number-refused")
    assert not PhoneVerification.objects.filter(user=user).exists()

    # KakaoTalk without a verified number: refused beside the choice, which stays chosen.
    section.get_by_label(words["kakao"], exact=True).check()
    with page.expect_navigation():
        section.get_by_role("button", name=words["save"], exact=True).click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_messaging_channel_error")).to_have_text(words["unverified"])
    expect(page.locator("#messaging").get_by_label(words["kakao"], exact=True)).to_be_checked()
    shots.key_page(page, "2-channel-refused")
    assert not MessagingProfile.objects.filter(user=user).exclude(channel=Channel.EMAIL).exists()
