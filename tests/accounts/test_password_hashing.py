"""Passwords are stored with Argon2id at OWASP's minimum; older hashes still log in and are upgraded."""

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    ScryptPasswordHasher,
    make_password,
)

from accounts.models import User
from portal.settings import base
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# What an Argon2id hash made with the portal's parameters starts with (19 MiB, 2 passes, 1 lane).
PORTAL_ARGON2ID = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


@pytest.fixture
def portal_hashers(settings):
    """The hashers of every environment but the tests (which use MD5 for speed)."""
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def _login(client, email):
    return client.post("/accounts/login/", {"username": email, "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")


def test_a_new_password_is_stored_with_argon2id_at_owasps_minimum(portal_hashers):
    assert make_password(PASSWORD).startswith(PORTAL_ARGON2ID)


@pytest.mark.parametrize("old_hash", [
    pytest.param(lambda: PBKDF2PasswordHasher().encode(PASSWORD, "saltsaltsalt", iterations=1_000), id="pbkdf2"),
    pytest.param(lambda: Argon2PasswordHasher().encode(PASSWORD, "saltsaltsalt"), id="argon2-django-defaults"),
    pytest.param(lambda: ScryptPasswordHasher().encode(PASSWORD, "saltsaltsalt"), id="scrypt"),
])
def test_an_older_hash_logs_in_and_is_upgraded_at_that_login(client, portal_hashers, old_hash):
    user = UserFactory(email="founder@startup.kr")
    User.objects.filter(pk=user.pk).update(password=old_hash())

    assert _login(client, "founder@startup.kr").status_code == 302

    user.refresh_from_db()
    assert user.password.startswith(PORTAL_ARGON2ID)
    client.post("/accounts/logout/")
    assert _login(client, "founder@startup.kr").status_code == 302  # the new hash lets the owner in again


def test_a_wrong_password_leaves_an_older_hash_as_it_was(client, portal_hashers):
    user = UserFactory(email="founder@startup.kr")
    old = PBKDF2PasswordHasher().encode(PASSWORD, "saltsaltsalt", iterations=1_000)
    User.objects.filter(pk=user.pk).update(password=old)

    response = client.post("/accounts/login/", {"username": "founder@startup.kr", "password": "wrong-password"},
                           REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == old
