"""The security-event log: recorded by the service and by Django's events, read and exported by staff."""

import csv
import io

import pytest
from django.test import RequestFactory

from accounts.models import SecurityEvent
from accounts.services import security_event_record
from tests.factories import PASSWORD, UserFactory
from tests.privacy.reasons import remember_reason

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(email="staff@district.go.kr", role="district_staff")


def test_the_service_records_address_browser_and_details():
    user = UserFactory()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Mozilla/5.0 Test")
    event = security_event_record(kind="permission_denied", request=request, user=user,
                                  details={"path": "/applications/9/"})
    assert (event.ip, event.user_agent, event.email, event.details) == (
        "203.0.113.5", "Mozilla/5.0 Test", user.email, {"path": "/applications/9/"}
    )
    anonymous = security_event_record(kind="login_failed", email="who@startup.kr")
    assert anonymous.user is None and anonymous.ip is None


def test_the_forwarded_address_is_used_only_behind_a_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert security_event_record(kind="login", request=request).ip == "10.0.0.2"
    settings.PORTAL_TRUSTED_PROXIES = 1
    assert security_event_record(kind="login", request=request).ip == "203.0.113.7"


def test_staff_read_and_export_the_log(client, staff):
    UserFactory(email="owner@startup.kr")
    client.post("/accounts/login/", {"username": "owner@startup.kr", "password": "guess"}, REMOTE_ADDR="198.51.100.1")
    client.force_login(staff)
    remember_reason(client)  # the reason page is tested in tests/privacy
    page = client.get("/admin/accounts/securityevent/")
    assert page.status_code == 200
    assert "owner@startup.kr" in page.content.decode()
    ids = list(SecurityEvent.objects.values_list("pk", flat=True))
    response = client.post("/admin/accounts/securityevent/", {
        "action": "export_csv", "_selected_action": ids,
    })
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["at", "kind", "user_id", "email", "ip", "user_agent", "details"]
    assert ["login_failed", "owner@startup.kr", "198.51.100.1"] == [rows[1][1], rows[1][3], rows[1][4]]
    # The log cannot be edited or deleted, even by staff.
    event = SecurityEvent.objects.first()
    assert client.post(f"/admin/accounts/securityevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_applicants_cannot_read_the_log(client):
    client.force_login(UserFactory(role="applicant"))
    response = client.get("/admin/accounts/securityevent/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_changes_are_logged(client, staff):
    target = UserFactory(email="someone@startup.kr", name="이전 이름")
    client.force_login(staff)
    page = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert page.status_code == 200
    client.post(f"/admin/accounts/user/{target.pk}/change/", {
        "email": target.email, "name": "새 이름", "phone": "", "preferred_language": "ko", "is_active": "on",
        "date_joined_0": "2026-11-01", "date_joined_1": "09:00:00",
        "consents-TOTAL_FORMS": "0", "consents-INITIAL_FORMS": "0",
        "consents-MIN_NUM_FORMS": "0", "consents-MAX_NUM_FORMS": "1000",
    })
    target.refresh_from_db()
    assert target.name == "새 이름"
    event = SecurityEvent.objects.get(kind="admin_change")
    assert event.user == staff
    assert event.details["model"] == "accounts.user"
    assert event.details["action"] == "change"


def test_staff_created_in_the_admin_are_verified(client, staff):
    client.force_login(staff)
    client.post("/admin/accounts/user/add/", {
        "email": "evaluator@univ.ac.kr", "name": "평가위원", "role": "evaluator", "password1": PASSWORD,
        "password2": PASSWORD, "usable_password": "true", "consents-TOTAL_FORMS": "0", "consents-INITIAL_FORMS": "0",
        "consents-MIN_NUM_FORMS": "0", "consents-MAX_NUM_FORMS": "1000",
    })
    from accounts.models import User

    assert User.objects.get(email="evaluator@univ.ac.kr").email_verified_at is not None


def _add_events(count):
    users = [UserFactory() for _ in range(count)]
    for user in users:
        security_event_record(kind="login", user=user)
        security_event_record(kind="login_failed", email=user.email)


@pytest.mark.parametrize("rows", [2, 12])
def test_the_log_list_takes_the_same_queries_however_long(client, staff, django_assert_num_queries, rows):
    _add_events(rows)
    client.force_login(staff)
    client.get("/admin/accounts/securityevent/")  # warm the session and permission caches
    with django_assert_num_queries(12):
        response = client.get("/admin/accounts/securityevent/")
    assert response.status_code == 200
    assert response.content.decode().count("로그인 실패") >= rows


def test_a_refused_request_is_logged(client, settings):
    settings.ROOT_URLCONF = "tests.accounts.urls_forbidden"
    user = UserFactory()
    client.force_login(user)
    response = client.get("/forbidden/", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind="permission_denied")
    assert (event.user, event.ip, event.details) == (user, "203.0.113.9", {"path": "/forbidden/", "method": "GET"})
