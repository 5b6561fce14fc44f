"""Staff of one programme do not see another programme's calls, applications, documents or committee in the
admin: its pages answer as a missing object does and its lists leave it out (tests/security/matrix.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.matrix import (
    PROGRAMME_ADMIN_EXPECTED,
    PROGRAMME_ADMIN_LISTS,
    PROGRAMME_ADMIN_URLS,
    PROGRAMME_STAFF,
    REPLY,
    build_world,
)

MISSING_ID = 2_000_000_000


def _request(client: Client, name: str, method: str, args: list):
    url = reverse(name, args=args)
    return client.post(url, REPLY) if method == "POST" else client.get(url)


def _answer(response) -> tuple:
    return response.status_code, response.get("Location"), response.get("Content-Type")


@pytest.mark.parametrize(("name", "method"), list(PROGRAMME_ADMIN_URLS), ids=lambda value: value)
def test_another_programmes_object_looks_like_a_missing_one(db, name, method):
    world = build_world()
    kind, arguments = PROGRAMME_ADMIN_URLS[(name, method)]
    for role in PROGRAMME_STAFF:
        client = Client()
        client.force_login(world.users[role])
        for programme, expected in PROGRAMME_ADMIN_EXPECTED.items():
            if f"{programme} {kind}" not in world.objects:
                continue  # a kind of object only one programme has (a GPU allocation)
            args = arguments(world.objects[f"{programme} {kind}"])
            answer = _answer(_request(client, name, method, args))
            missing = _answer(_request(client, name, method, [
                MISSING_ID if isinstance(value, int) else value for value in args]))
            if expected[role] == "missing":
                assert answer == missing, (role, programme)
            else:
                assert answer != missing and answer[0] < 400, (role, programme, answer)


@pytest.mark.parametrize("name", list(PROGRAMME_ADMIN_LISTS))
def test_lists_show_only_the_staff_members_programmes(db, name):
    world = build_world()
    kind, text = PROGRAMME_ADMIN_LISTS[name]
    for role in PROGRAMME_STAFF:
        client = Client()
        client.force_login(world.users[role])
        html = client.get(reverse(name)).content.decode()
        for programme, expected in PROGRAMME_ADMIN_EXPECTED.items():
            if f"{programme} {kind}" not in world.objects:
                continue
            shown = text(world.objects[f"{programme} {kind}"]) in html
            assert shown == (expected[role] == "open"), (role, programme)


def test_the_application_lists_call_filter_offers_only_the_staff_members_calls(db):
    from tests.factories import ClosedCallFactory

    world = build_world()
    ClosedCallFactory(programme=world.objects["GPU application"].call.programme)  # a filter of one choice hides
    for role in PROGRAMME_STAFF:
        client = Client()
        client.force_login(world.users[role])
        html = client.get(reverse("admin:applications_application_changelist")).content.decode()
        for programme, expected in PROGRAMME_ADMIN_EXPECTED.items():
            call = world.objects[f"{programme} application"].call
            offered = f"?call__id__exact={call.pk}" in html
            assert offered == (expected[role] == "open"), (role, programme)
            if offered:  # the choice is named as the call is
                assert str(call) in html
