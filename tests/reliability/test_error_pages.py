"""Friendly error pages in Korean and English that render without the database."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.reliability.urls")


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def _english(client):
    client.cookies["portal_language"] = "en"
    return client


def test_404_is_friendly_in_korean_by_default(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "페이지를 찾을 수 없습니다" in html
    assert '<html lang="ko">' in html


def test_404_speaks_english_to_an_english_visitor(client, db):
    response = _english(client).get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find this page" in response.content.decode()


def test_404_follows_the_browsers_language(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "We could not find this page" in response.content.decode()


def test_error_pages_make_no_database_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/no-such-page/").status_code == 404
        assert client.get("/fail/crash/").status_code == 500
        assert client.get("/fail/database/").status_code == 503


def test_403_for_a_refused_permission(client, db):
    response = client.get("/fail/denied/")
    assert response.status_code == 403
    assert "이 페이지를 열 수 없습니다" in response.content.decode()


def test_500_shows_no_trace(client, db):
    response = _english(client).get("/fail/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "Traceback" not in html and "boom" not in html


@pytest.mark.parametrize("path", ["/fail/database/", "/fail/interface/"])
def test_a_database_error_answers_503_with_retry_after(client, db, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "일시적으로 이용할 수 없습니다" in html
    assert "Connection refused" not in html and "Traceback" not in html


def test_503_in_english(client, db):
    response = _english(client).get("/fail/database/")
    assert "The portal is temporarily unavailable" in response.content.decode()


def test_an_expired_form_answers_a_friendly_403(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a@example.kr", "password": "x"})
    assert response.status_code == 403
    assert "양식을 보낼 수 없습니다" in response.content.decode()


def test_error_pages_carry_the_security_headers(client, db):
    response = client.get("/fail/database/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_429_page_tells_when_to_try_again(rf, db):
    from portal.errors import too_many_requests

    request = rf.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    response = too_many_requests(request, retry_after=150)
    assert response.status_code == 429
    assert response["Retry-After"] == "150"
    assert "Please try again in 3 minutes." in response.content.decode()
