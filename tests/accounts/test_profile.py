"""Profile: name, phone and language; the language change shows at once."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_needs_a_login(client):
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_profile_shows_and_saves(client):
    user = UserFactory(name="김창업", phone="010-1111-2222")
    client.force_login(user)
    html = client.get("/accounts/profile/").content.decode()
    assert 'value="김창업"' in html and user.email in html
    response = client.post("/accounts/profile/", {"name": "김대표", "phone": "+82 2 555 1234",
                                                  "preferred_language": "ko"}, follow=True)
    assert "내 정보가 저장되었습니다." in response.content.decode()
    user.refresh_from_db()
    assert (user.name, user.phone) == ("김대표", "02-555-1234")


def test_profile_language_change_switches_the_interface(client):
    user = UserFactory(preferred_language="ko")
    client.force_login(user)
    client.cookies["portal_language"] = "ko"  # even a visitor who had chosen Korean before
    response = client.post("/accounts/profile/", {"name": user.name, "phone": "", "preferred_language": "en"},
                           follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Your profile was saved." in html
    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_bad_phone_is_refused_beside_the_field_and_nothing_saved(client):
    user = UserFactory(name="김창업")
    client.force_login(user)
    response = client.post("/accounts/profile/", {"name": "새 이름", "phone": "123", "preferred_language": "ko"})
    html = response.content.decode()
    assert "한국 전화번호를 입력해 주십시오" in html
    assert 'value="새 이름"' in html  # kept as typed
    user.refresh_from_db()
    assert user.name == "김창업"


def test_header_links(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/"' in html and 'href="/accounts/signup/"' in html
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert 'href="/accounts/profile/"' in html and 'href="/accounts/signup/"' not in html
