"""Every accounts form checks CSRF and survives any input without a server error."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_FORMS = ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/", "/accounts/verify/resend/"]
SIGNED_IN_FORMS = ["/accounts/profile/", "/accounts/password/change/", "/accounts/profile/delete/"]


@pytest.mark.parametrize("url", PUBLIC_FORMS + SIGNED_IN_FORMS)
def test_forms_refuse_a_post_without_csrf_token(url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    if url in PUBLIC_FORMS:
        client.logout()
    assert client.post(url, {"email": "x@startup.kr"}).status_code == 403
    assert client.get(url).status_code == 200


text = st.text(max_size=300)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=text, name=text, phone=text, language=text, password=text, consent=st.sampled_from(["", "on", "x"]))
def test_signup_never_fails_on_any_input(client, email, name, phone, language, password, consent):
    from django.core.cache import cache

    cache.clear()  # stay under the rate limit
    response = client.post("/accounts/signup/", {
        "email": email, "name": name, "phone": phone, "preferred_language": language,
        "password1": password, "password2": password, "consent_personal_data": consent,
    })
    assert response.status_code in (200, 302)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=text, password=text)
def test_login_and_reset_never_fail_on_any_input(client, username, password):
    from django.core.cache import cache

    cache.clear()
    assert client.post("/accounts/login/", {"username": username, "password": password}).status_code == 200
    assert client.post("/accounts/password/reset/", {"email": username}).status_code in (200, 302)
    assert client.post("/accounts/verify/resend/", {"email": username}).status_code in (200, 302)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=text, phone=text, language=text)
def test_profile_never_fails_on_any_input(client, user, name, phone, language):
    client.force_login(user)
    response = client.post("/accounts/profile/", {"name": name, "phone": phone, "preferred_language": language})
    assert response.status_code in (200, 302)
