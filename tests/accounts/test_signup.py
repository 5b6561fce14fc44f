"""Sign-up: consent, verification by an expiring link, and answers that never reveal an account."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from accounts.consents import CONSENT_TEXTS
from accounts.models import ConsentRecord, SecurityEvent, User
from accounts.tokens import email_verification_token
from tests.accounts.helpers import link_in_mail, mails_to, signup_data, without_csrf
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signup(client, capture, **overrides):
    with capture(execute=True):
        return client.post("/accounts/signup/", signup_data(**overrides))


def test_the_signup_page_shows_the_consent_text_with_its_version(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "개인정보 수집·이용 동의" in html
    assert f"버전 {CONSENT_TEXTS['personal_data'].version}" in html
    client.cookies["portal_language"] = "en"
    html = client.get("/accounts/signup/").content.decode()
    assert "Consent to the collection and use of personal data" in html
    assert f"Version {CONSENT_TEXTS['personal_data'].version}" in html


def test_signup_verify_then_login(client, django_capture_on_commit_callbacks):
    response = _signup(client, django_capture_on_commit_callbacks, consent_news="on")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/check-email/"

    user = User.objects.get(email="founder@startup.kr")
    assert user.name == "김창업"
    assert user.phone == "010-1234-5678"
    assert user.email_verified_at is None
    assert user.is_applicant
    consents = {(c.purpose, c.version) for c in user.consents.all()}
    assert consents == {("personal_data", CONSENT_TEXTS["personal_data"].version),
                        ("news", CONSENT_TEXTS["news"].version)}
    assert all(c.given_at and c.withdrawn_at is None for c in user.consents.all())

    # Before verification, the right password is not enough.
    response = client.post("/accounts/login/", {"username": "founder@startup.kr", "password": PASSWORD})
    assert response.status_code == 200
    assert "아직 인증되지 않았습니다" in response.content.decode()
    assert "_auth_user_id" not in client.session

    [message] = mails_to("founder@startup.kr")
    assert message.subject == "이메일 주소를 인증해 주십시오"
    path = link_in_mail(message, "/accounts/verify/")
    response = client.get(path, follow=True)
    assert "이메일 주소가 인증되었습니다" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert SecurityEvent.objects.filter(user=user, kind="email_verified").count() == 1

    response = client.post("/accounts/login/", {"username": "Founder@Startup.kr", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    # The link is spent once used.
    client.post("/accounts/logout/")
    response = client.get(path, follow=True)
    assert "이미 인증되었습니다" in response.content.decode()


def test_no_consent_no_account(client, django_capture_on_commit_callbacks):
    response = _signup(client, django_capture_on_commit_callbacks, consent_personal_data=None)
    assert response.status_code == 200
    html = response.content.decode()
    assert "이 동의 없이는 계정을 만들 수 없습니다" in html
    # The error stands beside the checkbox, and what was typed is kept.
    fieldset = html[html.index('data-consent="personal_data"'):html.index('data-consent="news"')]
    assert "invalid-feedback" in fieldset
    assert 'value="founder@startup.kr"' in html
    assert 'value="김창업"' in html
    assert not User.objects.filter(email="founder@startup.kr").exists()
    assert ConsentRecord.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "한국 전화번호를 입력해 주십시오"),
        ("password2", "something-else-42", "두 비밀번호가 다릅니다"),
        ("email", "not-an-address", "올바른 이메일 주소를 입력해 주십시오."),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_keeps_the_rest(client, field, value, message):
    response = client.post("/accounts/signup/", signup_data(**{field: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="김창업"' in html
    assert User.objects.count() == 0


def test_messages_in_english_for_an_english_visitor(client):
    client.cookies["portal_language"] = "en"
    response = client.post("/accounts/signup/", signup_data(consent_personal_data=None, phone="999"))
    html = response.content.decode()
    assert "Without this consent we cannot create an account" in html
    assert "Enter a Korean phone number" in html


def test_the_same_answer_for_an_existing_and_a_new_address(client, django_capture_on_commit_callbacks):
    owner = UserFactory(email="taken@startup.kr", name="기존 사용자")
    new = _signup(client, django_capture_on_commit_callbacks, email="fresh@startup.kr")
    taken = _signup(client, django_capture_on_commit_callbacks, email="taken@startup.kr", name="공격자")
    assert (new.status_code, new["Location"]) == (taken.status_code, taken["Location"])
    page_new = without_csrf(client.get(new["Location"]).content.decode())
    page_taken = without_csrf(client.get(taken["Location"]).content.decode())
    assert page_new == page_taken

    owner.refresh_from_db()
    assert owner.name == "기존 사용자"  # nothing changed
    assert owner.check_password(PASSWORD)
    [notice] = mails_to("taken@startup.kr")
    assert notice.subject == "누군가 회원님의 이메일 주소로 가입을 시도했습니다"
    assert "/accounts/verify/" not in notice.body
    [verification] = mails_to("fresh@startup.kr")
    assert "/accounts/verify/" in verification.body


def test_an_unverified_existing_address_gets_a_new_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="pending@startup.kr", email_verified_at=None)
    _signup(client, django_capture_on_commit_callbacks, email="pending@startup.kr")
    [message] = mails_to("pending@startup.kr")
    assert "/accounts/verify/" in message.body


def test_an_expired_link_offers_a_new_one(client, django_capture_on_commit_callbacks, monkeypatch):
    _signup(client, django_capture_on_commit_callbacks)
    path = link_in_mail(mails_to("founder@startup.kr")[0], "/accounts/verify/")
    later = datetime.datetime.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(email_verification_token, "_now", lambda: later)

    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 400
    assert "링크가 만료되었습니다" in html
    assert 'action="/accounts/verify/resend/"' in html
    assert User.objects.get(email="founder@startup.kr").email_verified_at is None

    monkeypatch.undo()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verify/resend/", {"email": "founder@startup.kr"})
    assert response["Location"] == "/accounts/signup/check-email/"
    new_path = link_in_mail(mails_to("founder@startup.kr")[0], "/accounts/verify/")
    client.get(new_path)
    assert User.objects.get(email="founder@startup.kr").email_verified_at is not None


def test_a_tampered_link_verifies_nothing(client, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    path = link_in_mail(mails_to("founder@startup.kr")[0], "/accounts/verify/")
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 400
    response = client.get("/accounts/verify/zz/abc-def/")
    assert response.status_code == 400
    assert User.objects.get(email="founder@startup.kr").email_verified_at is None


def test_resend_answers_the_same_for_unknown_addresses(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verify/resend/", {"email": "nobody@startup.kr"})
    assert response["Location"] == "/accounts/signup/check-email/"
    assert mail.outbox == []


def test_new_signups_get_the_applicant_role_only(client, django_capture_on_commit_callbacks):
    _signup(client, django_capture_on_commit_callbacks)
    user = User.objects.get(email="founder@startup.kr")
    assert list(user.groups.values_list("name", flat=True)) == ["applicant"]
    assert not user.is_staff
    assert Group.objects.filter(name="applicant").exists()
    assert SecurityEvent.objects.filter(kind="signup", user=user).exists()


def test_a_flood_of_signups_for_one_address_sends_few_mails(client, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "account_mail": (2, 3600)}
    UserFactory(email="victim@startup.kr")
    for _ in range(4):
        _signup(client, django_capture_on_commit_callbacks, email="victim@startup.kr")
    assert len(mails_to("victim@startup.kr")) == 2


def test_demo_users_are_verified(db):
    from accounts.demo import seed_users

    users = seed_users()
    assert all(u.email_verified_at is not None for u in users.values())
    assert timezone.now() >= users["applicant@demo.yangjae-ai.kr"].email_verified_at
