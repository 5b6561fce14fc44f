"""Two-factor authentication: required of staff and evaluators when PORTAL_REQUIRE_2FA is on."""

import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from tests.accounts.helpers import link_in_mail, mails_to
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _login(client, email):
    return client.post("/accounts/login/", {"username": email, "password": PASSWORD})


def test_off_in_tests_and_locally_staff_go_straight_in(client, settings):
    assert settings.PORTAL_REQUIRE_2FA is False
    UserFactory(email="staff@district.go.kr", role="district_staff")
    _login(client, "staff@district.go.kr")
    assert client.get("/admin/").status_code == 200


def test_on_in_production_settings():
    from tests.portal.test_settings import PRODUCTION_ENV, _manage

    result = _manage("shell", "-c", "from django.conf import settings; print(settings.PORTAL_REQUIRE_2FA)",
                     env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr


def test_staff_set_up_a_device_then_confirm_each_login(client, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_REQUIRE_2FA = True
    staff = UserFactory(email="staff@district.go.kr", role="district_staff")
    _login(client, "staff@district.go.kr")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/?next=")

    # The password alone does not open the set-up: a link goes to the account's address.
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(response["Location"]).content.decode()
    assert "<svg" not in page and "otp-key" not in page
    assert "s•••@district.go.kr" in page
    client.get(link_in_mail(mails_to("staff@district.go.kr")[-1], "/two-factor/setup/"))
    page = client.get("/accounts/two-factor/setup/?next=/admin/")
    html = page.content.decode()
    assert "<svg" in html
    assert re.search(r'data-testid="otp-key">[A-Z2-7 ]+<', html)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    response = client.post("/accounts/two-factor/setup/", {"token": "000000", "next": "/admin/"})
    assert "코드가 올바르지 않습니다" in response.content.decode()
    # A wrong code makes the device wait a moment before the next try (django-otp's throttling).
    response = client.post("/accounts/two-factor/setup/", {"token": _code(device), "next": "/admin/"})
    assert "잠시 후 다시" in response.content.decode()
    time.sleep(1.1)
    response = client.post("/accounts/two-factor/setup/", {"token": _code(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert SecurityEvent.objects.filter(user=staff, kind="two_factor_enabled").exists()

    # Next login: the code is asked again.
    client.post("/accounts/logout/")
    _login(client, "staff@district.go.kr")
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/two-factor/verify/")
    device.refresh_from_db()
    # A code is accepted once: the next step's code (within the allowed drift) logs in.
    response = client.post("/accounts/two-factor/verify/", {"token": _code(device, offset=1), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_evaluators_need_it_too_and_applicants_do_not(client, settings):
    settings.PORTAL_REQUIRE_2FA = True
    UserFactory(email="eval@univ.ac.kr", role="evaluator")
    UserFactory(email="founder@startup.kr", role="applicant")
    _login(client, "eval@univ.ac.kr")
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/two-factor/setup/")
    client.post("/accounts/logout/")
    _login(client, "founder@startup.kr")
    assert client.get("/accounts/profile/").status_code == 200


def test_a_wrong_code_is_refused_and_logged(client, settings):
    settings.PORTAL_REQUIRE_2FA = True
    staff = UserFactory(email="staff@district.go.kr", role="district_staff")
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    _login(client, "staff@district.go.kr")
    response = client.post("/accounts/two-factor/verify/", {"token": "12ab", "next": "/admin/"})
    assert "인증 앱에 표시된 숫자를 입력해 주십시오" in response.content.decode()
    response = client.post("/accounts/two-factor/verify/", {"token": "000000", "next": "/admin/"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
    assert SecurityEvent.objects.filter(user=staff, kind="login_failed", details__step="one-time code").exists()


def test_next_cannot_send_elsewhere(client, settings):
    settings.PORTAL_REQUIRE_2FA = True
    staff = UserFactory(email="staff@district.go.kr", role="district_staff")
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    _login(client, "staff@district.go.kr")
    response = client.post("/accounts/two-factor/verify/", {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"
