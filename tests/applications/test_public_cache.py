"""The cached content of the public pages: changes show at once, each language apart, nothing per user."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from applications import services
from applications.public_cache import public_pages_version
from tests.applications.conftest import make_call, make_complete_draft
from tests.factories import (
    ApplicantFactory,
    CallFactory,
    CallFAQFactory,
    UnitFactory,
    UnitTypeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, path, language=None):
    headers = {"HTTP_COOKIE": f"portal_language={language}"} if language else {}
    return client.get(path, **headers).content.decode()


def test_a_changed_call_shows_at_once_on_its_page_the_list_and_the_home_page(client):
    call = CallFactory(code="2026-1", title_ko="첫 제목", title_en="First title")
    for path in ("/", "/calls/", "/calls/2026-1/"):
        assert "첫 제목" in _page(client, path)

    call.title_ko = "바뀐 제목"
    call.save()

    for path in ("/", "/calls/", "/calls/2026-1/"):
        html = _page(client, path)
        assert "바뀐 제목" in html and "첫 제목" not in html


def test_a_new_question_and_a_new_unit_show_at_once(client):
    call = CallFactory(code="2026-1")
    unit_type = UnitTypeFactory(code="33", area_pyeong=33)
    UnitFactory(unit_type=unit_type)
    assert "새 질문입니다" not in _page(client, "/calls/2026-1/")
    assert re.search(r"<td>1</td>\s*</tr>", _page(client, "/"))  # one unit of the type

    CallFAQFactory(call=call, question_ko="새 질문입니다")
    UnitFactory(unit_type=unit_type)

    assert "새 질문입니다" in _page(client, "/calls/2026-1/")
    assert re.search(r"<td>2</td>\s*</tr>", _page(client, "/"))


def test_korean_and_english_are_cached_apart(client, django_assert_num_queries):
    CallFactory(code="2026-1", title_ko="한국어 제목", title_en="English title")
    for _ in range(2):
        korean, english = _page(client, "/calls/2026-1/"), _page(client, "/calls/2026-1/", "en")
        assert "한국어 제목" in korean and "English title" not in korean
        assert "English title" in english and "한국어 제목" not in english
        assert '<html lang="ko">' in korean and '<html lang="en">' in english
    with django_assert_num_queries(0):
        assert "English title" in _page(client, "/calls/2026-1/", "en")
        assert "한국어 제목" in _page(client, "/calls/2026-1/")


def test_a_call_opens_on_the_home_page_at_its_moment_without_any_change(client, monkeypatch):
    opens = timezone.now() + datetime.timedelta(hours=1)
    CallFactory(code="2026-9", title_ko="곧 열리는 모집", opens_at=opens)
    html = _page(client, "/")
    assert "모집 예정" in html and "/apply/2026-9/" not in html

    monkeypatch.setattr(timezone, "now", lambda: opens + datetime.timedelta(seconds=1))

    html = _page(client, "/")
    assert "/apply/2026-9/" in html and "모집 예정" not in html
    assert "/apply/2026-9/" in _page(client, "/calls/2026-9/")


def test_the_signed_in_user_is_never_shown_to_the_next_visitor():
    CallFactory(code="2026-1")
    first, second = UserFactory(name="첫번째 사용자"), UserFactory(name="두번째 사용자")
    visitors = [Client(), Client(), Client()]
    visitors[0].force_login(first)
    visitors[1].force_login(second)
    for path in ("/", "/calls/", "/calls/2026-1/"):
        pages = [_page(visitor, path) for visitor in visitors]
        assert "첫번째 사용자" in pages[0] and "두번째 사용자" not in pages[0]
        assert "두번째 사용자" in pages[1] and "첫번째 사용자" not in pages[1]
        assert "사용자" not in pages[2] and 'href="/accounts/login/"' in pages[2]


def test_each_visitor_gets_a_csrf_token_that_works_with_their_own_cookie():
    CallFactory(code="2026-1")
    for path in ("/", "/calls/", "/calls/2026-1/"):
        for _ in range(2):  # the second visitor is served the cached content
            visitor = Client(enforce_csrf_checks=True)
            token = CSRF_INPUT.search(_page(visitor, path)).group(1)
            answer = visitor.post("/i18n/setlang/", {"csrfmiddlewaretoken": token, "language": "en", "next": path})
            assert answer.status_code == 302
            assert "lang=\"en\"" in _page(visitor, path)


def test_an_unknown_call_answers_404_every_time(client):
    assert client.get("/calls/2099-9/").status_code == 404
    CallFactory(code="2099-9")
    assert client.get("/calls/2099-9/").status_code == 200


def test_a_submission_leaves_the_cached_pages_in_place(client, django_assert_num_queries):
    applicant = ApplicantFactory()
    application = make_complete_draft(applicant=applicant, call=make_call(code="2026-1"))
    _page(client, "/calls/2026-1/")
    version = public_pages_version()

    services.application_submit(application=application, actor=applicant, declared_true=True)

    assert public_pages_version() == version  # taking a receipt number changes nothing the pages show
    with django_assert_num_queries(0):
        _page(client, "/calls/2026-1/")
