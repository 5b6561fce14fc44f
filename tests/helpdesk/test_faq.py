"""The site-wide FAQ: published questions by category, searchable, changes shown at once; the calls keep theirs."""

import pytest

from tests.factories import CallFactory, CallFAQFactory, FAQFactory

pytestmark = pytest.mark.django_db


def _page(client, path):
    return client.get(path).content.decode()


def test_published_questions_by_category_searchable_and_changes_shown_at_once(client):
    rent = FAQFactory(category="billing", question_ko="임대료는 언제 내나요?",
                      answer_ko="매월 **말일**까지 납부해 주십시오.")
    FAQFactory(category="rooms", question_ko="회의실 예약은 어떻게 하나요?", answer_ko="포털에서 예약해 주십시오.")
    FAQFactory(category="rooms", question_ko="숨긴 질문", is_published=False)

    html = _page(client, "/faq/")
    assert "임대료는 언제 내나요?" in html and "회의실 예약은 어떻게 하나요?" in html and "숨긴 질문" not in html
    assert "<strong>말일</strong>" in html

    found = _page(client, "/faq/?q=예약")
    assert "회의실 예약은 어떻게 하나요?" in found and "임대료는 언제 내나요?" not in found
    by_category = _page(client, "/faq/?category=billing")
    assert "임대료는 언제 내나요?" in by_category and "회의실 예약" not in by_category

    rent.question_ko = "임대료 납부일은 언제입니까?"
    rent.save()
    assert "임대료 납부일은 언제입니까?" in _page(client, "/faq/")
    rent.delete()
    assert "임대료 납부일" not in _page(client, "/faq/")


def test_the_calls_keep_their_own_questions(client):
    call = CallFactory(code="2026-3")
    CallFAQFactory(call=call, question_ko="공고 전용 질문")
    FAQFactory(question_ko="사이트 공통 질문")
    assert "공고 전용 질문" in _page(client, "/calls/2026-3/")
    assert "공고 전용 질문" not in _page(client, "/faq/")
