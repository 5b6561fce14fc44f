"""Staff sessions end after inactivity; other users' sessions do not."""

import time

import pytest

from accounts.models import SecurityEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _later(monkeypatch, seconds):
    """Move the clock `seconds` further (on top of earlier moves)."""
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + seconds)


def test_staff_are_logged_out_after_the_idle_timeout(client, settings, monkeypatch):
    settings.PORTAL_STAFF_IDLE_TIMEOUT_MINUTES = 30
    staff = UserFactory(role="district_staff")
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    _later(monkeypatch, 29 * 60)
    assert client.get("/admin/").status_code == 200  # activity within the limit keeps the session
    _later(monkeypatch, 31 * 60)  # 31 minutes after the last request
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(kind="logout", user=staff)
    assert event.details == {"reason": "idle"}
    page = client.get("/").content.decode()
    assert "30분 동안 활동이 없어 로그아웃되었습니다." in page


def test_the_timeout_is_a_setting(client, settings, monkeypatch):
    settings.PORTAL_STAFF_IDLE_TIMEOUT_MINUTES = 5
    client.force_login(UserFactory(role="district_staff"))
    client.get("/")
    _later(monkeypatch, 6 * 60)
    client.get("/")
    assert "_auth_user_id" not in client.session


def test_applicants_keep_their_session(client, monkeypatch):
    client.force_login(UserFactory(role="applicant"))
    client.get("/")
    _later(monkeypatch, 3 * 60 * 60)
    client.get("/")
    assert "_auth_user_id" in client.session
