"""Setting up two-factor authentication needs a one-time link e-mailed to the account's address, opened by
the same account; staff reset evaluators' lost devices (superusers anyone's), logged and told by e-mail."""

import datetime
import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from accounts.tokens import two_factor_link_token
from tests.accounts.helpers import link_in_mail, mails_to
from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/accounts/two-factor/setup/"
LINK_MARK = "/two-factor/setup/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.PORTAL_REQUIRE_2FA = True


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a request and deliver the e-mails it queued."""
    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)
    return run


def _code(device):
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client, email):
    response = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302


def _confirm(client, user, next_url="/"):
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(SETUP, {"token": _code(device), "next": next_url})


def _setup_link(address):
    return link_in_mail(mails_to(address)[-1], LINK_MARK)


def test_the_password_alone_never_reaches_the_qr_code(client, send):
    """Someone holding only the password of a not-yet-enrolled evaluator cannot enrol their own phone."""
    expert = UserFactory(email="expert@univ.ac.kr", role="evaluator")
    _login(client, expert.email)
    page = send(client.get, SETUP).content.decode()
    assert "e•••@univ.ac.kr" in page and "expert@univ.ac.kr" not in page
    assert "<svg" not in page and "otp-key" not in page
    [message] = mails_to(expert.email)
    assert LINK_MARK in message.body
    assert client.get(SETUP).status_code == 200
    assert len(mails_to(expert.email)) == 1  # one automatic e-mail per login, not one per page view

    # Posting a code for the pending device (its key was never shown) enrols nothing.
    device = TOTPDevice.objects.get(user=expert, confirmed=False)
    response = client.post(SETUP, {"token": _code(device), "next": "/"})
    assert response.status_code == 200 and "<svg" not in response.content.decode()
    assert not TOTPDevice.objects.filter(user=expert, confirmed=True).exists()
    assert client.get("/accounts/profile/")["Location"].startswith(SETUP)


def test_the_link_opens_the_set_up_once(client, send):
    expert = UserFactory(email="expert@univ.ac.kr", role="evaluator")
    _login(client, expert.email)
    send(client.get, f"{SETUP}?next=/evaluations/")
    link = _setup_link(expert.email)

    response = client.get(link)
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and re.search(r'data-testid="otp-key">[A-Z2-7 ]+<', page)
    assert 'name="next" value="/evaluations/"' in page  # back where the code was first asked for

    # The same link a second time (another tab, someone who read the mail later): spent.
    again = client.get(link)
    assert again.status_code == 400
    assert "이미 사용" in again.content.decode()

    response = _confirm(client, expert, "/evaluations/")
    assert response["Location"] == "/evaluations/"
    assert SecurityEvent.objects.filter(user=expert, kind="two_factor_enabled").count() == 1
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get(link).status_code == 302  # set up already: the link leads to the code page
    assert TOTPDevice.objects.filter(user=expert).count() == 1


def test_a_link_for_another_account_is_refused(client, send):
    expert = UserFactory(email="expert@univ.ac.kr", role="evaluator")
    intruder = StaffFactory(email="other@seocho.go.kr")
    _login(client, expert.email)
    send(client.get, SETUP)
    link = _setup_link(expert.email)
    client.post("/accounts/logout/")

    _login(client, intruder.email)
    response = client.get(link)
    assert response.status_code == 403
    assert "다른 계정" in response.content.decode()
    assert SecurityEvent.objects.filter(user=intruder, kind="permission_denied").exists()
    assert not TOTPDevice.objects.filter(user=intruder).exists()
    assert client.get(SETUP).status_code == 200 and "<svg" not in client.get(SETUP).content.decode()

    # The owner's link still works for the owner, who logs in first when the browser is not logged in.
    client.post("/accounts/logout/")
    response = client.get(link)
    assert response["Location"].startswith("/accounts/login/?next=")
    response = client.post(response["Location"], {"username": expert.email, "password": PASSWORD})
    assert response["Location"] == link
    assert client.get(link)["Location"].startswith(SETUP)
    assert _confirm(client, expert).status_code == 302
    assert TOTPDevice.objects.filter(user=expert, confirmed=True).exists()


def test_an_expired_link_is_refused(client, send, monkeypatch):
    expert = UserFactory(email="expert@univ.ac.kr", role="evaluator")
    _login(client, expert.email)
    send(client.get, SETUP)
    link = _setup_link(expert.email)
    later = datetime.datetime.now() + datetime.timedelta(minutes=61)
    monkeypatch.setattr(two_factor_link_token, "_now", lambda: later)
    response = client.get(link)
    assert response.status_code == 400
    assert "만료" in response.content.decode()
    assert "<svg" not in client.get(SETUP).content.decode()


def test_a_new_link_replaces_the_old_one_and_requests_are_limited(client, send, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "two_factor_link": (2, 3600)}
    expert = UserFactory(email="expert@univ.ac.kr", role="evaluator")
    _login(client, expert.email)
    send(client.get, SETUP)
    first = _setup_link(expert.email)
    assert send(client.post, "/accounts/two-factor/setup/send/")["Location"] == SETUP
    second = _setup_link(expert.email)
    assert first != second
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 302
    client.post("/accounts/two-factor/setup/send/")
    assert client.post("/accounts/two-factor/setup/send/").status_code == 429
    assert client.get("/accounts/two-factor/setup/send/").status_code == 405


# ---- resets ----------------------------------------------------------------------------------

def _with_device(user):
    _device(user)
    return user


def _admin_login(client, user):
    """A staff session past its one-time code (django-otp keeps the device in the session)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or _device(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


def _device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _reset(client, *users):
    return client.post("/admin/accounts/user/", {
        "action": "reset_two_factor", "_selected_action": [user.pk for user in users], "index": "0",
    }, follow=True)


def test_staff_reset_an_evaluators_lost_device_logged_and_told(client, send):
    staff = _with_device(StaffFactory(email="staff@seocho.go.kr"))
    expert = _with_device(UserFactory(email="expert@univ.ac.kr", role="evaluator", preferred_language="en"))
    _admin_login(client, staff)
    response = send(_reset, client, expert)
    assert "재설정했습니다" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=expert).exists()
    event = SecurityEvent.objects.get(kind="two_factor_reset")
    assert (event.user, event.details["by"], event.details["devices"]) == (expert, staff.email, 1)
    [message] = mails_to(expert.email)
    assert "two-factor authentication was reset" in message.subject

    # At the next login the evaluator sets up a new phone through an e-mailed link.
    client.post("/accounts/logout/")
    _login(client, expert.email)
    assert client.get("/accounts/profile/")["Location"].startswith(SETUP)
    send(client.get, SETUP)
    assert client.get(_setup_link(expert.email))["Location"].startswith(SETUP)


@pytest.mark.parametrize("target", ["superuser", "another staff", "self"])
def test_staff_cannot_reset_a_superusers_or_staff_device(client, send, target):
    staff = _with_device(StaffFactory(email="staff@seocho.go.kr"))
    user = {
        "superuser": lambda: UserFactory(email="root@seocho.go.kr", is_staff=True, is_superuser=True),
        "another staff": lambda: StaffFactory(email="colleague@seocho.go.kr"),
        "self": lambda: staff,
    }[target]()
    if user != staff:
        _with_device(user)
    _admin_login(client, staff)
    response = send(_reset, client, user)
    assert "재설정할 수 없습니다" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not SecurityEvent.objects.filter(kind="two_factor_reset").exists()
    assert not [m for m in mail.outbox if "재설정" in m.subject]


def test_a_superuser_resets_anyones_device_and_django_otps_device_admin_is_gone(client, send):
    root = UserFactory(email="root@seocho.go.kr", is_staff=True, is_superuser=True)
    staff = _with_device(StaffFactory(email="colleague@seocho.go.kr"))
    _admin_login(client, root)
    send(_reset, client, staff)
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert SecurityEvent.objects.get(kind="two_factor_reset").details["by"] == root.email
    assert len(mails_to(staff.email)) == 1
    # The device list of django-otp showed and edited secret keys, and skipped the log: not in the admin.
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_applicants_reach_no_reset(client):
    expert = _with_device(UserFactory(role="evaluator"))
    client.force_login(UserFactory(role="applicant"))
    response = _reset(client, expert)
    assert "/admin/login/" in response.redirect_chain[0][0]
    assert TOTPDevice.objects.filter(user=expert).exists()
