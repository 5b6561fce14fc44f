"""Korean by default, English after switching; Korean formats for dates and won."""

import datetime

from django.utils import translation
from django.utils.formats import date_format

from portal.templatetags.portal_tags import format_won
from tests.factories import UserFactory


def test_home_is_korean_by_default(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html
    assert "양재 AI 우수기업센터" in html
    assert "본문 바로가기" in html


def test_home_is_english_after_switching(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Yangjae AI Excellent Company Center" in html
    assert "Skip to main content" in html
    assert "본문 바로가기" not in html


def test_switching_language_remembers_the_users_choice(client, db):
    user = UserFactory(preferred_language="ko")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_a_signed_in_user_gets_their_language_without_a_cookie(client, db):
    client.force_login(UserFactory(preferred_language="en"))
    assert '<html lang="en">' in client.get("/").content.decode()


def test_won_and_dates_are_formatted_the_korean_way():
    with translation.override("ko"):
        assert format_won(1234000) == "1,234,000원"
        assert date_format(datetime.date(2026, 11, 25)) == "2026년 11월 25일"
    with translation.override("en"):
        assert format_won(1234000) == "₩1,234,000"


def test_pages_load_nothing_from_another_host(client, db):
    html = client.get("/").content.decode()
    for marker in ['src="http', 'href="http', "src='//", 'href="//', "cdn."]:
        assert marker not in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
