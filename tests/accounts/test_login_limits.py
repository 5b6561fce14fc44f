"""The limits of every login door: failed logins per address (successes not counted), attempts per account,
lockout per account and address — the portal's login, the admin's login and the one-time-code step alike."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OFFICE_IP = "203.0.113.10"  # an office, or a company's staff, behind one address
ATTACKER_IP = "198.51.100.66"


def _portal_login(client, email, password, ip):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def _admin_login(client, email, password, ip):
    return client.post("/admin/login/?next=/admin/", {"username": email, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=ip)


def _code_step(client, ip):
    """A wrong one-time code at the two-factor step of a staff member who typed the right password."""
    staff = UserFactory(role="district_staff")
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    return client.post("/accounts/two-factor/verify/", {"token": "000000", "next": "/admin/"}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("door", [_portal_login, _admin_login])
def test_thirty_failed_logins_from_one_address_get_429_from_the_21st_at_every_door(door):
    statuses = [door(Client(), f"guess{i}@startup.kr", "guess", ATTACKER_IP).status_code for i in range(30)]
    assert statuses == [200] * 20 + [429] * 10
    refused = door(Client(), "guess@startup.kr", "guess", ATTACKER_IP)
    assert int(refused["Retry-After"]) > 0
    assert "요청이 너무 많습니다" in refused.content.decode()
    # Another address is not affected.
    assert door(Client(), "guess@startup.kr", "guess", OFFICE_IP).status_code == 200


def test_the_doors_share_one_count_of_failures_per_address(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login": (3, 300)}
    UserFactory(email="staff@district.go.kr", role="district_staff")
    assert _admin_login(Client(), "staff@district.go.kr", "guess", ATTACKER_IP).status_code == 200
    assert _portal_login(Client(), "someone@startup.kr", "guess", ATTACKER_IP).status_code == 200
    assert _code_step(Client(), ATTACKER_IP).status_code == 200  # a wrong code is a failure too
    # The address has used its failures: every door answers 429, the right password included.
    assert _admin_login(Client(), "staff@district.go.kr", PASSWORD, ATTACKER_IP).status_code == 429
    assert _portal_login(Client(), "staff@district.go.kr", PASSWORD, ATTACKER_IP).status_code == 429
    assert _code_step(Client(), ATTACKER_IP).status_code == 429


def test_successful_logins_from_a_busy_office_are_never_refused():
    evaluators = [UserFactory(email=f"evaluator{i}@expert.kr", role="evaluator") for i in range(25)]
    staff = [UserFactory(email=f"staff{i}@district.go.kr", role="district_staff") for i in range(25)]
    # 50 logins within minutes from one address, at the portal's door and the admin's.
    for evaluator in evaluators:
        assert _portal_login(Client(), evaluator.email, PASSWORD, OFFICE_IP).status_code == 302
    for member in staff:
        response = _admin_login(Client(), member.email, PASSWORD, OFFICE_IP)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    # A few mistyped passwords among them do not refuse the next colleague's correct one.
    for i in range(5):
        assert _portal_login(Client(), f"evaluator{i}@expert.kr", "typo", OFFICE_IP).status_code == 200
    assert _portal_login(Client(), "evaluator20@expert.kr", PASSWORD, OFFICE_IP).status_code == 302


def test_attempts_on_one_account_from_many_addresses_are_limited(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login_account": (5, 900)}
    UserFactory(email="owner@startup.kr")
    for i in range(5):  # a guess from each of five addresses: no address nor pair reaches its own limit
        assert _portal_login(Client(), "owner@startup.kr", "guess", f"198.51.100.{i}").status_code == 200
    # The account has had its attempts: even the right password waits, at every door.
    response = _portal_login(Client(), "owner@startup.kr", PASSWORD, "198.51.100.77")
    assert response.status_code == 200
    assert "이 계정에 대한 로그인 시도가 너무 많았습니다" in response.content.decode()
    client = Client()
    _admin_login(client, "owner@startup.kr", PASSWORD, "198.51.100.78")
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    UserFactory(email="colleague@startup.kr")
    assert _portal_login(Client(), "colleague@startup.kr", PASSWORD, "198.51.100.77").status_code == 302


def test_the_refusals_are_in_english_for_an_english_visitor(settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login": (1, 300), "login_account": (1, 900)}
    english = Client()
    english.cookies["portal_language"] = "en"
    UserFactory(email="owner@startup.kr")
    _portal_login(english, "owner@startup.kr", PASSWORD, OFFICE_IP)  # a success counts for the account only
    english.post("/accounts/logout/", REMOTE_ADDR=OFFICE_IP)
    response = _portal_login(english, "owner@startup.kr", PASSWORD, OFFICE_IP)
    assert "There have been too many attempts to log in to this account" in response.content.decode()
    response = _portal_login(english, "other@startup.kr", "guess", OFFICE_IP)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


@pytest.mark.parametrize("page, data", [
    ("/accounts/password/change/", {"old_password": "guess", "new_password1": "x-new-secret-77",
                                    "new_password2": "x-new-secret-77"}),
    ("/accounts/profile/delete/", {"password": "guess", "confirm": "on"}),
])
def test_a_stolen_session_cannot_guess_the_password_on_the_pages_that_ask_for_it(settings, page, data):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "login": (3, 300)}
    client = Client()
    client.force_login(UserFactory(email="owner@startup.kr"))
    statuses = [client.post(page, data, REMOTE_ADDR=ATTACKER_IP).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # The wrong passwords count at the login doors of that address too.
    assert _portal_login(Client(), "someone@startup.kr", "guess", ATTACKER_IP).status_code == 429
