"""Property-based fuzzing of the public search and verification forms: no input gives a server error."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Text as people type it, and as attackers do: any Unicode except the surrogates an URL cannot carry.
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def exemption_types(db):
    from tests.factories import exemption_types_seed

    return exemption_types_seed()


@FUZZ
@given(query=text, ai_field=text, page=text)
def test_the_tenant_directory_search_never_fails(client, db, query, ai_field, page):
    response = client.get("/tenants/directory/", {"q": query, "ai_field": ai_field, "page": page})
    assert response.status_code in (200, 400, 404)  # 400: a NUL character (RejectNulMiddleware)


@FUZZ
@given(number=text, code=text)
def test_the_document_verification_form_never_fails(client, exemption_types, number, code):
    from django.core.cache import cache

    cache.clear()  # stay under the rate limit that guards against guessing
    response = client.get("/exemptions/verify/", {"number": number, "code": code})
    assert response.status_code == (400 if "\x00" in number + code else 200)
    assert "Traceback" not in response.content.decode()


@FUZZ
@given(number=text.filter(lambda s: s and "/" not in s), code=text.filter(lambda s: s and "/" not in s))
def test_the_verification_link_never_fails(client, exemption_types, number, code):
    from django.core.cache import cache

    cache.clear()
    response = client.get(f"/exemptions/verify/{quote(number, safe='')}/{quote(code, safe='')}/")
    assert response.status_code in (200, 400, 404)  # 400: a NUL character (RejectNulMiddleware)


@FUZZ
@given(code=text)
def test_the_call_pages_never_fail_on_any_code(client, db, code):
    response = client.get(f"/calls/{quote(code, safe='')}/")
    assert response.status_code in (200, 400, 404)  # 400: a NUL character (RejectNulMiddleware)


@FUZZ
@given(kind=text, name=text, email=text, details=text, token=text.filter(lambda s: s and "/" not in s))
def test_the_data_subjects_request_form_and_its_link_never_fail(client, db, kind, name, email, details, token):
    from django.core.cache import cache

    cache.clear()  # stay under the rate limit of the public form
    response = client.post("/privacy/requests/new/", {"kind": kind, "name": name, "email": email, "details": details})
    nul = "\x00" in kind + name + email + details
    # A NUL character is refused beside its field (Django's fields do not accept it) or as a bad request.
    assert response.status_code == 200 or (nul and response.status_code == 400)
    link = client.post(f"/privacy/requests/confirm/{quote(token)}/")
    assert link.status_code in (200, 400, 404)
    assert "Traceback" not in link.content.decode()
