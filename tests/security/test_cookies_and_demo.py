"""The language cookie is SameSite=Lax and HttpOnly wherever it is set (Secure in production); the demo data,
whose accounts share a published password, is refused in production."""

import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.factories import UserFactory
from tests.portal.test_settings import PRODUCTION_ENV, _manage


def _language_cookie(response):
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    header = cookie.output()
    assert "SameSite=Lax" in header and "HttpOnly" in header, header
    return cookie


@pytest.mark.parametrize("signed_in", [False, True])
def test_switching_language_sets_a_samesite_httponly_cookie(client, db, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert _language_cookie(response).value == "en"


def test_changing_the_preferred_language_in_the_profile_sets_the_same_cookie(client, db):
    user = UserFactory(preferred_language="ko", phone="010-2222-3333")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {
        "name": user.name, "phone": user.phone, "preferred_language": "en"})
    assert response.status_code == 302
    assert _language_cookie(response).value == "en"


PROBE = """
import json
from django.conf import settings
from django.test import Client
response = Client(HTTP_HOST="portal.example.kr").post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
print(json.dumps(response.cookies[settings.LANGUAGE_COOKIE_NAME].output()))
"""


def test_in_production_the_language_cookie_is_also_secure():
    result = _manage("shell", "-c", PROBE, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    header = json.loads(result.stdout.strip().splitlines()[-1])
    assert "Secure" in header and "SameSite=Lax" in header and "HttpOnly" in header


def test_seed_demo_refuses_under_production_settings():
    result = _manage("seed_demo", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "CommandError" in result.stderr and "PORTAL_DEMO_DATA_ALLOWED" in result.stderr
    assert "공개된 비밀번호" in result.stderr  # the reason, in the site's language (Korean)
    assert "Demo data is ready" not in result.stdout


def test_seed_demo_refuses_where_demo_data_is_not_allowed_and_creates_nobody(db, settings):
    settings.PORTAL_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="PORTAL_DEMO_DATA_ALLOWED"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()
