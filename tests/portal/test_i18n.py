"""Korean by default, English after switching; Korean formats for dates and won."""

import datetime

from django.utils import translation
from django.utils.formats import date_format

from portal.formatting import format_won
from tests.factories import UserFactory


def test_home_is_korean_by_default(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ko">' in html
    assert "서초AICT 우수기업센터" in html
    assert "본문 바로가기" in html


def test_home_is_english_after_switching(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Seocho AICT Excellent Company Center" in html
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
        assert date_format(datetime.date(2026, 11, 25)) == "2026년 11월 25일 (수)"
    with translation.override("en"):
        assert format_won(1234000) == "₩1,234,000"


def test_pages_load_nothing_from_another_host(client, db):
    html = client.get("/").content.decode()
    for marker in ['src="http', 'href="http', "src='//", 'href="//', "cdn."]:
        assert marker not in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html


def _catalog_entries(language: str):
    """(flags, msgid, translations) of each entry of a locale's django.po, the header left out."""
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags = " ".join(line[2:] for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith(("msgid", "msgstr", "msgctxt")):
                current, _, value = line.partition(" ")
                fields[current] = value[1:-1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            yield flags, fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")]


def test_every_korean_string_is_translated_and_none_is_a_guess():
    entries = list(_catalog_entries("ko"))
    assert len(entries) > 1000
    untranslated = [msgid for _flags, msgid, translations in entries if not all(translations)]
    guessed = [msgid for flags, msgid, _ in entries if "fuzzy" in flags]  # gettext skips these: English shows
    assert untranslated == []
    assert guessed == []
