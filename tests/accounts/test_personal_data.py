"""Personal data: a user downloads their own data and deletes their account."""

import json

import pytest

from accounts.models import ConsentRecord, SecurityEvent, User
from accounts.services import consent_record_give
from accounts.signals import user_data_export
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_download_my_data(client):
    user = UserFactory(email="me@startup.kr", name="김창업", phone="010-1234-5678", role="applicant")
    other = UserFactory(email="other@startup.kr")
    consent_record_give(user=user, purpose="personal_data")
    consent_record_give(user=other, purpose="personal_data")
    client.post("/accounts/login/", {"username": "me@startup.kr", "password": PASSWORD})

    def extra(sender, user, **kwargs):
        return {"applications": [{"receipt": "2026-1-0007"}]}

    user_data_export.connect(extra, dispatch_uid="test-extra")
    try:
        response = client.get("/accounts/profile/my-data/")
    finally:
        user_data_export.disconnect(dispatch_uid="test-extra")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "me@startup.kr"
    assert data["account"]["phone"] == "010-1234-5678"
    assert data["account"]["roles"] == ["applicant"]
    assert [c["purpose"] for c in data["consents"]] == ["personal_data"]
    assert [e["kind"] for e in data["security_events"]] == ["login"]
    assert data["applications"] == [{"receipt": "2026-1-0007"}]
    assert "other@startup.kr" not in response.content.decode()


def test_download_needs_a_login(client):
    assert client.get("/accounts/profile/my-data/").status_code == 302


def test_delete_my_account(client):
    user = UserFactory(email="me@startup.kr", name="김창업", phone="010-1234-5678", role="applicant")
    consent_record_give(user=user, purpose="personal_data")
    client.force_login(user)

    response = client.post("/accounts/profile/delete/", {"password": "wrong", "confirm": "on"})
    assert "비밀번호가 올바르지 않습니다." in response.content.decode()
    response = client.post("/accounts/profile/delete/", {"password": PASSWORD})
    assert "확인란을 선택해 주십시오." in response.content.decode()
    assert User.objects.get(pk=user.pk).anonymised_at is None

    response = client.post("/accounts/profile/delete/", {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert "계정이 삭제되었습니다." in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.anonymised_at is not None
    assert (user.name, user.phone, user.is_active) == ("", "", False)
    assert "me@startup.kr" not in user.email
    assert not user.has_usable_password()
    assert list(user.groups.all()) == []
    assert ConsentRecord.objects.get(user=user).withdrawn_at is not None
    # The access log is kept, as the law requires.
    assert SecurityEvent.objects.filter(user=user, kind="account_deleted").exists()

    # The address is free again; the old password opens nothing.
    response = client.post("/accounts/login/", {"username": "me@startup.kr", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_optional_consent_can_be_withdrawn_and_given_again(client):
    user = UserFactory()
    consent_record_give(user=user, purpose="personal_data")
    consent_record_give(user=user, purpose="news")
    client.force_login(user)
    response = client.post("/accounts/profile/consents/news/", follow=True)
    assert "동의가 철회되었습니다." in response.content.decode()
    client.post("/accounts/profile/consents/news/", {"give": "1"})
    rows = list(ConsentRecord.objects.filter(user=user, purpose="news").order_by("id"))
    assert len(rows) == 2  # the earlier consent and its withdrawal stay on record
    assert rows[0].withdrawn_at is not None and rows[1].withdrawn_at is None


def test_the_required_consent_is_withdrawn_only_by_deleting_the_account(client):
    user = UserFactory()
    consent_record_give(user=user, purpose="personal_data")
    client.force_login(user)
    response = client.post("/accounts/profile/consents/personal_data/", follow=True)
    assert "계정을 삭제해 주십시오" in response.content.decode()
    assert ConsentRecord.objects.get(user=user).withdrawn_at is None
    assert client.post("/accounts/profile/consents/unknown/").status_code == 404
    assert client.get("/accounts/profile/consents/news/").status_code == 405
