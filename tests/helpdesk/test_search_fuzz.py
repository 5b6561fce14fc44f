"""Property-based fuzzing of the notices' and FAQ's search: no input gives a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import FAQFactory, NoticeFactory

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def content(db):
    NoticeFactory()
    FAQFactory()


@FUZZ
@given(query=text, category=text, page=text)
def test_the_notice_search_never_fails(client, content, query, category, page):
    response = client.get("/notices/", {"q": query, "category": category, "page": page})
    assert response.status_code in (200, 400)  # 400: a NUL character (RejectNulMiddleware)


@FUZZ
@given(query=text, category=text)
def test_the_faq_search_never_fails(client, content, query, category):
    response = client.get("/faq/", {"q": query, "category": category})
    assert response.status_code in (200, 400)
