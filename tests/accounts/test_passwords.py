"""Password reset by e-mail in the user's language, and change of password."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import SecurityEvent
from tests.accounts.helpers import link_in_mail, mails_to, without_csrf
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "yangjae-new-secret-77"


def test_password_reset_flow(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="ceo@startup.kr", preferred_language="en", email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "CEO@startup.kr"})
    assert response["Location"] == "/accounts/password/reset/sent/"
    [message] = mails_to("ceo@startup.kr")
    assert message.subject == "Choose a new password"  # the user's language, not the visitor's
    path = link_in_mail(message, "/accounts/password/reset/")

    response = client.get(path, follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": "short", "new_password2": "short"})
    assert "비밀번호는 너무 짧습니다" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/password/reset/done/"

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert user.email_verified_at is not None  # the link proved the address
    assert [m.subject for m in mails_to("ceo@startup.kr")][-1] == "Your password was changed"
    kinds = set(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert {"password_reset_requested", "password_changed"} <= kinds

    # The link works once.
    response = client.get(path, follow=True)
    assert "링크가 만료되었습니다" in response.content.decode()
    assert client.post("/accounts/login/", {"username": "ceo@startup.kr", "password": NEW_PASSWORD}).status_code == 302


def test_reset_answers_the_same_for_an_unknown_address(client, django_capture_on_commit_callbacks):
    UserFactory(email="ceo@startup.kr")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": "ceo@startup.kr"})
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@startup.kr"})
    assert known["Location"] == unknown["Location"]
    assert without_csrf(client.get(known["Location"]).content.decode()) == without_csrf(
        client.get(unknown["Location"]).content.decode()
    )
    assert [m.to for m in mail.outbox] == [["ceo@startup.kr"]]
    requested = SecurityEvent.objects.filter(kind="password_reset_requested").values_list("email", flat=True)
    assert sorted(requested) == ["ceo@startup.kr", "nobody@startup.kr"]


def _shape(sql: str) -> str:
    return re.sub(r"\d+", "0", re.sub(r"'(?:[^']|'')*'", "'?'", sql))


def test_a_reset_request_does_the_same_work_for_a_known_and_an_unknown_address(
    client, django_capture_on_commit_callbacks
):
    """The answer's timing cannot tell: the request path runs the same statements (none on the users)
    and queues the same task; only that task, after the response, looks the address up."""
    UserFactory(email="ceo@startup.kr")
    statements, pages = {}, {}
    for email in ("ceo@startup.kr", "nobody@startup.kr"):
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks() as after_response, CaptureQueriesContext(connection) as queries:
            response = client.post("/accounts/password/reset/", {"email": email})
        statements[email] = [_shape(query["sql"]) for query in queries.captured_queries]
        pages[email] = without_csrf(client.get(response["Location"]).content.decode())
        assert len(mail.outbox) == sent  # nothing is sent while the visitor waits
        assert len(after_response) == 1  # the one task, queued after commit
        with django_capture_on_commit_callbacks(execute=True):
            for callback in after_response:
                callback()
    assert statements["ceo@startup.kr"] == statements["nobody@startup.kr"]
    assert not [sql for sql in statements["ceo@startup.kr"] if '"accounts_user"' in sql]
    assert pages["ceo@startup.kr"] == pages["nobody@startup.kr"]
    assert [m.to for m in mail.outbox] == [["ceo@startup.kr"]]  # the e-mail reaches the account only


def test_password_reset_is_rate_limited(client, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "password_reset": (2, 3600)}
    for _ in range(2):
        assert client.post("/accounts/password/reset/", {"email": "a@startup.kr"}).status_code == 302
    assert client.post("/accounts/password/reset/", {"email": "a@startup.kr"}).status_code == 429


def test_password_change(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/accounts/password/change/", {
        "old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert "기존 비밀번호가 맞지 않습니다. 다시 입력해 주십시오." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/change/", {
            "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
        }, follow=True)
    assert "비밀번호가 변경되었습니다." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)  # still signed in
    assert SecurityEvent.objects.filter(user=user, kind="password_changed").exists()
    assert mails_to(user.email)[-1].subject == "비밀번호가 변경되었습니다"


def test_password_change_needs_a_login(client):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
