"""The privacy policy and the terms are served from the shared public-page cache: a repeated visit reads no
database, a published version shows at once, an announced one on its date, each language apart."""

import datetime
import re

import pytest
from django.utils import timezone

from privacy.models import PolicyKind, PolicyVersion
from privacy.policy import policy_version_publish
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _published(version: str, effective_on: datetime.date, kind=PolicyKind.PRIVACY, **kwargs) -> PolicyVersion:
    draft = PolicyVersion.objects.create(kind=kind, version=version, effective_on=effective_on,
                                         department_ko="기업지원팀", department_en="Company Support Team", **kwargs)
    return policy_version_publish(version=draft, actor=StaffFactory())


def _page(client, path, language="ko"):
    return client.get(path, HTTP_COOKIE=f"portal_language={language}").content.decode()


def _without_tokens(html: str) -> str:
    """The page as every visitor gets it: the CSRF tokens of the header's forms are the visitor's own."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.parametrize("path", ["/privacy/", "/terms/"])
def test_a_repeated_visit_reads_no_database(client, django_assert_num_queries, path):
    _published("1.0", timezone.localdate(), kind=PolicyKind.TERMS if path == "/terms/" else PolicyKind.PRIVACY,
               body_ko="제1조 목적", body_en="Article 1 Purpose")
    first = _without_tokens(_page(client, path))
    with django_assert_num_queries(0):
        assert _without_tokens(_page(client, path)) == first


def test_a_published_version_shows_at_once(client):
    _published("1.0", timezone.localdate() - datetime.timedelta(days=30), changes_ko="최초 제정")
    assert "버전 1.0" in _page(client, "/privacy/") and "버전 1.1" not in _page(client, "/privacy/")
    _published("1.1", timezone.localdate(), changes_ko="파기 대장 도입")
    page = _page(client, "/privacy/")
    assert "버전 1.1" in page and "파기 대장 도입" in page


def test_an_announced_version_comes_into_force_on_its_date(client, monkeypatch):
    today = timezone.localdate()
    _published("1.0", today - datetime.timedelta(days=30))
    _published("2.0", today + datetime.timedelta(days=1), changes_ko="보유기간 변경")
    assert "보유기간 변경" not in _page(client, "/privacy/")  # 1.0 is in force; 2.0 is listed as announced

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + datetime.timedelta(days=1))
    assert "보유기간 변경" in _page(client, "/privacy/")


def test_korean_and_english_are_kept_apart(client):
    _published("1.0", timezone.localdate(), kind=PolicyKind.TERMS, body_ko="제1조 목적", body_en="Article 1 Purpose")
    for _ in range(2):
        korean, english = _page(client, "/terms/"), _page(client, "/terms/", "en")
        assert "제1조 목적" in korean and "Article 1 Purpose" not in korean
        assert "Article 1 Purpose" in english and "제1조 목적" not in english


def test_an_unknown_version_is_not_found_and_not_cached(client):
    assert client.get("/privacy/versions/9.9/").status_code == 404
    _published("9.9", timezone.localdate())
    assert client.get("/privacy/versions/9.9/").status_code == 200
