"""The public verification page: valid, wrong code, revoked, expired, rate-limited, and never a
personal identifier on the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exemptions import services
from portal.formatting import format_kst_date
from tests.exemptions.conftest import CODE, approved_immigration


@pytest.fixture
def document(client, tenant, staff, fixed_code):
    document = services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    client.logout()
    return document


def _check(client, number, code):
    return client.get(reverse("exemptions:verify"), {"number": number, "code": code})


def _assert_no_personal_data(html: str):
    for secret in ("M12345678", "900501-5123456", "******678", "5123456", "John Smith", "1990-05-01",
                   "United States"):
        assert secret not in html


def test_a_valid_document_shows_its_status_holder_type_and_date(client, document, tenant):
    response = _check(client, document.number, CODE)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["status"] == "valid"
    assert document.number in html and tenant.company.name_ko in html
    assert document.exemption_type.name_ko in html and format_kst_date(document.issued_on) in html
    _assert_no_personal_data(html)
    assert response["X-Robots-Tag"].startswith("noindex")


def test_the_qr_link_verifies_too_and_the_code_is_case_and_dash_insensitive(client, document):
    response = client.get(reverse("exemptions:verify_link", args=[document.number, CODE]))
    assert response.context["status"] == "valid"
    assert _check(client, document.number.lower(), CODE.lower().replace("-", "")).context["status"] == "valid"


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKLM-NPQS", "", "x"])
def test_a_wrong_code_says_nothing_matches(client, document, tenant, code):
    response = _check(client, document.number, code)
    assert response.context["document"] is None
    html = response.content.decode()
    if not code:  # the form asks for the code beside its field; nothing is looked up
        assert "code" in response.context["form"].errors and 'data-testid="result"' not in html
        return
    result = html.split('data-testid="result"')[1].split("<form")[0]
    assert "일치하는 문서가 없습니다" in result and tenant.company.name_ko not in result
    _assert_no_personal_data(html)


def test_an_unknown_number_answers_like_a_wrong_code(client, document):
    assert _check(client, "제1999-0001호", CODE).context["document"] is None


def test_a_revoked_document_shows_revoked(client, document, staff):
    services.document_revoke(document=document, actor=staff, reason="퇴사")
    response = _check(client, document.number, CODE)
    assert response.context["status"] == "revoked"
    assert "퇴사" not in response.content.decode()  # the reason stays internal
    _assert_no_personal_data(response.content.decode())


def test_an_expired_document_shows_expired(client, document):
    type(document).objects.filter(pk=document.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    response = _check(client, document.number, CODE)
    assert response.context["status"] == "expired"


def test_guessing_is_rate_limited(client, document, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "exemption_verify": (3, 600)}
    for _ in range(3):
        assert _check(client, document.number, "WRONG").status_code == 200
    response = _check(client, document.number, CODE)
    assert response.status_code == 429 and "Retry-After" in response
    assert client.get(reverse("exemptions:verify")).status_code == 200  # the empty form is not counted


@pytest.mark.django_db
def test_every_page_links_to_the_verification_page(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("exemptions:verify")}"' in page
    assert "Verify a document issued by the district" in page
