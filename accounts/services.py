"""Writes on users: creation with a role, role grants, language preference."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import User
from .roles import Role


@transaction.atomic
def user_create(
    *, email: str, password: str | None, name: str = "", phone: str = "",
    preferred_language: str = "ko", role: Role | None = None, **extra,
) -> User:
    user = User.objects.create_user(
        email=email, password=password, name=name, phone=phone,
        preferred_language=preferred_language, **extra,
    )
    if role is not None:
        user_grant_role(user=user, role=role)
    return user


def user_grant_role(*, user: User, role: Role) -> None:
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if role == Role.DISTRICT_STAFF and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user._role_cache = None


def user_set_language(*, user: User, language: str) -> None:
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
