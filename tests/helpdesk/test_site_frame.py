"""The frame of a Korean public site: the footer's policies, the department's address and phone, and the
directions page with no outside map script."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/notices/", "/faq/", "/directions/", "/accounts/login/"])
def test_every_page_has_the_public_site_footer(client, path, settings):
    page = client.get(path).content.decode()
    footer = page[page.index("<footer"):]
    assert '<a href="/privacy/" class="footer-privacy">개인정보처리방침</a>' in footer  # emphasised, first
    for href, label in (("/terms/", "이용약관"), ("/copyright/", "저작권정책"),
                        ("/email-collection-refusal/", "이메일무단수집거부"), ("/directions/", "찾아오시는 길")):
        assert re.search(rf'<a href="{href}"[^>]*>{label}</a>', footer), label
    assert footer.index("개인정보처리방침") < footer.index("이용약관")
    assert settings.PORTAL_DEPARTMENT_ADDRESS_KO in footer and settings.PORTAL_SENDER_PHONE in footer
    assert settings.PORTAL_SENDER_NAME_KO in footer


def test_the_footer_and_directions_follow_the_language_and_settings(client, settings):
    settings.PORTAL_DEPARTMENT_ADDRESS_EN = "1 Test-ro, Seocho-gu, Seoul"
    settings.PORTAL_DIRECTIONS_TRANSIT_EN = ["Subway: Yangjae station, exit 12"]
    page = client.get("/directions/", HTTP_COOKIE="portal_language=en").content.decode()
    assert page.count("1 Test-ro, Seocho-gu, Seoul") == 2  # the page and the footer
    assert "Subway: Yangjae station, exit 12" in page
    assert 'href="tel:0221557010"' in page


def test_the_directions_page_loads_no_outside_script_or_map(client):
    page = client.get("/directions/").content.decode()
    assert "서초구 남부순환로 2584" in page and "양재역" in page
    for source in re.findall(r'<(?:script|iframe|img)[^>]*\ssrc="([^"]+)"', page):
        assert source.startswith("/static/"), source


@pytest.mark.parametrize(("path", "words"), [
    ("/copyright/", "저작권법"), ("/email-collection-refusal/", "정보통신망 이용촉진 및 정보보호 등에 관한 법률"),
])
def test_the_policy_pages(client, path, words):
    assert words in client.get(path).content.decode()
