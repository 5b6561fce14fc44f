"""The request form as the tenant sees it: the notice about encrypted numbers only where they are asked."""

import pytest
from django.urls import reverse

NOTICE = "Passport and alien registration numbers are stored encrypted"


def _create(code, tenant):
    return reverse("exemptions:create", args=[tenant.company.pk, code])


def test_the_notice_about_encrypted_numbers_shows_only_where_they_are_asked(client, tenant):
    client.force_login(tenant.owner)
    immigration = client.get(_create("IMM", tenant)).content.decode()
    patent = client.get(_create("PAT", tenant)).content.decode()
    assert NOTICE in immigration
    assert NOTICE not in patent


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None}}}
