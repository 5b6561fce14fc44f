"""Login, logout, rate limits and the lockout keyed on account and client address."""

import pytest

from accounts.models import SecurityEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OWNER_IP = "203.0.113.10"
ATTACKER_IP = "198.51.100.66"


def _login(client, email, password, ip=OWNER_IP):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def owner():
    return UserFactory(email="owner@startup.kr")


def test_login_and_logout_are_logged(client, owner):
    response = _login(client, "owner@startup.kr", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(owner.pk)
    client.post("/accounts/logout/", REMOTE_ADDR=OWNER_IP)
    assert "_auth_user_id" not in client.session
    kinds = list(SecurityEvent.objects.filter(user=owner).order_by("at", "id").values_list("kind", "ip"))
    assert kinds == [("login", OWNER_IP), ("logout", OWNER_IP)]


def test_a_wrong_password_and_an_unknown_address_get_the_same_message(client, owner):
    wrong = _login(client, "owner@startup.kr", "not-the-password").content.decode()
    unknown = _login(client, "nobody@startup.kr", "not-the-password").content.decode()
    message = "이메일 주소 또는 비밀번호가 올바르지 않습니다."
    assert message in wrong and message in unknown
    assert 'value="owner@startup.kr"' in wrong  # what was typed is kept
    failed = SecurityEvent.objects.filter(kind="login_failed").order_by("id")
    assert [(e.email, e.user_id, e.ip) for e in failed] == [
        ("owner@startup.kr", None, OWNER_IP), ("nobody@startup.kr", None, OWNER_IP),
    ]


def test_lockout_is_keyed_on_account_and_address(client, owner, settings):
    settings.PORTAL_LOGIN_FAILURE_LIMIT = 3
    attacker = client
    for _ in range(3):
        _login(attacker, "owner@startup.kr", "guess", ip=ATTACKER_IP)
    # Locked for the attacker's address, even with the right password...
    response = _login(attacker, "owner@startup.kr", PASSWORD, ip=ATTACKER_IP)
    assert "로그인에 너무 많이 실패했습니다" in response.content.decode()
    assert "_auth_user_id" not in attacker.session
    assert SecurityEvent.objects.filter(kind="lockout", email="owner@startup.kr", ip=ATTACKER_IP).count() == 1

    # ...while the owner, from their own address, logs in as usual.
    from django.test import Client

    owner_client = Client()
    response = _login(owner_client, "owner@startup.kr", PASSWORD, ip=OWNER_IP)
    assert response.status_code == 302
    assert owner_client.session["_auth_user_id"] == str(owner.pk)

    # Another account from the attacker's address is not affected either.
    UserFactory(email="other@startup.kr")
    assert _login(Client(), "other@startup.kr", PASSWORD, ip=ATTACKER_IP).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, owner, settings, monkeypatch):
    settings.PORTAL_LOGIN_FAILURE_LIMIT = 2
    settings.PORTAL_LOGIN_COOLOFF = 60
    for _ in range(2):
        _login(client, "owner@startup.kr", "guess")
    assert "로그인에 너무 많이 실패했습니다" in _login(client, "owner@startup.kr", PASSWORD).content.decode()

    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 61)
    response = _login(client, "owner@startup.kr", PASSWORD)
    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, owner, settings):
    settings.PORTAL_LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        _login(client, "owner@startup.kr", "guess")
    assert _login(client, "owner@startup.kr", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(2):
        _login(client, "owner@startup.kr", "guess")
    assert _login(client, "owner@startup.kr", PASSWORD).status_code == 302


def test_the_admin_login_honours_the_lockout(client, settings):
    settings.PORTAL_LOGIN_FAILURE_LIMIT = 2
    UserFactory(email="staff@district.go.kr", role="district_staff")
    for _ in range(2):
        client.post("/admin/login/", {"username": "staff@district.go.kr", "password": "guess"},
                    REMOTE_ADDR=ATTACKER_IP)
    client.post("/admin/login/", {"username": "staff@district.go.kr", "password": PASSWORD},
                REMOTE_ADDR=ATTACKER_IP)
    assert "_auth_user_id" not in client.session
    client.post("/admin/login/", {"username": "staff@district.go.kr", "password": PASSWORD}, REMOTE_ADDR=OWNER_IP)
    assert "_auth_user_id" in client.session


def test_login_is_rate_limited_with_a_friendly_page(client, owner, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login": (3, 300)}
    settings.PORTAL_LOGIN_FAILURE_LIMIT = 100
    for i in range(3):
        assert _login(client, f"someone{i}@startup.kr", "guess").status_code == 200
    response = _login(client, "owner@startup.kr", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "요청이 너무 많습니다" in response.content.decode()
    # Another address is not limited; an English visitor reads English.
    english = client.__class__()
    english.cookies["portal_language"] = "en"
    assert _login(english, "owner@startup.kr", PASSWORD, ip=ATTACKER_IP).status_code == 302
    english.post("/accounts/logout/", REMOTE_ADDR=ATTACKER_IP)
    for _ in range(3):
        _login(english, "x@startup.kr", "guess", ip=ATTACKER_IP)
    response = _login(english, "x@startup.kr", "guess", ip=ATTACKER_IP)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_signup_is_rate_limited(client, settings):
    from tests.accounts.helpers import signup_data

    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "signup": (2, 3600)}
    for i in range(2):
        assert client.post("/accounts/signup/", signup_data(email=f"a{i}@startup.kr")).status_code == 302
    response = client.post("/accounts/signup/", signup_data(email="a9@startup.kr"))
    assert response.status_code == 429
    assert client.get("/accounts/signup/").status_code == 200  # reading the form is not limited


def test_an_inactive_account_cannot_log_in(client):
    UserFactory(email="gone@startup.kr", is_active=False)
    response = _login(client, "gone@startup.kr", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_signed_in_user_is_sent_on_from_the_login_page(client, owner):
    client.force_login(owner)
    assert client.get("/accounts/login/").status_code == 302


def test_login_checks_csrf(owner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "owner@startup.kr", "password": PASSWORD})
    assert response.status_code == 403
    strict.get("/accounts/login/")
    token = strict.cookies["csrftoken"].value
    response = strict.post("/accounts/login/", {"username": "owner@startup.kr", "password": PASSWORD,
                                                "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_signed_in_user_sent_back_to_the_login_page_does_not_loop(client, owner):
    client.force_login(owner)
    response = client.get("/accounts/login/?next=/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/"
