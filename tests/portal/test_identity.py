"""The district's identity on every public page (KRDS's header and identifier, from settings) and KRDS's
"official site" masthead, shown only when the portal is served from a go.kr host."""

import pytest

from portal.context_processors import is_official_host

pytestmark = pytest.mark.django_db

MASTHEAD_KO = "이 누리집은 대한민국 공식 전자정부 누리집입니다."


@pytest.mark.parametrize(("host", "official"), [
    ("go.kr", True), ("seocho.go.kr", True), ("yangjae-ai.seocho.go.kr", True), ("WWW.SEOCHO.GO.KR", True),
    ("seocho.go.kr:8443", True), ("seocho.go.kr.", True),
    ("yangjae-ai.kr", False), ("notgo.kr", False), ("seocho.go.kr.example.com", False), ("go.kr.evil", False),
    ("127.0.0.1:8000", False), ("[::1]:8000", False), ("testserver", False),
])
def test_only_go_kr_hosts_are_official(host, official):
    assert is_official_host(host) is official


def test_the_masthead_shows_on_a_go_kr_host(client, settings):
    settings.ALLOWED_HOSTS = ["yangjae-ai.seocho.go.kr", "yangjae-ai.kr"]
    official = client.get("/", HTTP_HOST="yangjae-ai.seocho.go.kr").content.decode()
    assert 'id="krds-masthead"' in official and MASTHEAD_KO in official
    assert official.index("krds-masthead") < official.index('id="krds-header"')  # above everything but the skip link
    english = client.get("/", HTTP_HOST="yangjae-ai.seocho.go.kr", HTTP_COOKIE="portal_language=en").content.decode()
    assert "This is an official e-government website of the Republic of Korea." in english


def test_no_masthead_on_another_host(client, settings):
    settings.ALLOWED_HOSTS = ["yangjae-ai.seocho.go.kr", "yangjae-ai.kr"]
    page = client.get("/", HTTP_HOST="yangjae-ai.kr").content.decode()
    assert 'id="krds-masthead"' not in page and MASTHEAD_KO not in page
    assert 'id="krds-header"' in page


def test_the_header_and_identifier_name_the_district_from_settings(client, settings):
    page = client.get("/").content.decode()
    assert "이 누리집은 서울특별시 서초구 누리집입니다." in page  # the defaults
    assert 'src="/static/img/district-emblem.svg"' in page
    settings.PORTAL_DISTRICT_NAME_KO = "서울특별시 강남구"
    settings.PORTAL_DISTRICT_NAME_EN = "Gangnam-gu, Seoul"
    settings.PORTAL_DISTRICT_EMBLEM = "img/favicon.svg"
    page = client.get("/").content.decode()
    header, footer = page[page.index('id="krds-header"'):page.index("</header>")], page[page.index("<footer"):]
    assert "서울특별시 강남구" in header and 'src="/static/img/favicon.svg"' in header
    assert "이 누리집은 서울특별시 강남구 누리집입니다." in footer and 'src="/static/img/favicon.svg"' in footer
    english = client.get("/", HTTP_COOKIE="portal_language=en").content.decode()
    assert "This website is run by Gangnam-gu, Seoul." in english
