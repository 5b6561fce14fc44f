"""Every URL of the project, requested as every role with someone else's ids, answers what docs/security.md says."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from applications import urls_applicant
from tests.security.matrix import (
    COAPPLICANT_ROLES,
    COAPPLICANT_TABLES,
    POST_DATA,
    ROLES,
    URL_KWARGS,
    build_coapplicant_world,
    build_world,
    named_urls,
    read_matrix,
)

ROWS = read_matrix()


def test_every_named_url_has_a_row_in_the_matrix():
    names, _unnamed = named_urls()
    documented = {row.name for row in ROWS}
    missing = sorted(names - documented)
    assert not missing, f"add rows for these URLs to the permission matrix in docs/security.md: {missing}"
    stale = sorted(documented - names)
    assert not stale, f"these rows of docs/security.md name no URL of the project: {stale}"


def test_every_url_outside_the_admin_has_a_name():
    _names, unnamed = named_urls()
    assert unnamed == [], f"name these URLs so that the permission matrix can list them: {unnamed}"


def test_rows_are_not_repeated():
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids))


def _request(client: Client, row, world, *, missing_ids: bool = False):
    kwargs = URL_KWARGS[row.name](world) if row.name in URL_KWARGS else None
    if missing_ids and kwargs:
        kwargs = {key: 2_000_000_000 if isinstance(value, int) else value for key, value in kwargs.items()}
    try:
        url = reverse(row.name, kwargs=kwargs)
    except NoReverseMatch as error:
        hint = f"register the arguments of {row.name} in URL_KWARGS (tests/security/matrix.py)"
        raise AssertionError(hint) from error
    if row.method == "GET":
        return client.get(url)
    data = POST_DATA.get((row.name, row.method), lambda world: {})(world)
    return client.generic(row.method, url, data=urlencode(data), content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_each_role_gets_the_documented_answer(db, row):
    world = build_world()
    answers = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        answers[role] = _request(client, row, world).status_code
    mismatches = {role: f"got {answers[role]}, expected {row.expected[role]}"
                  for role in ROLES if answers[role] != row.expected[role]}
    assert not mismatches, f"{row.id}: {mismatches}"


ID_ROWS = [row for row in ROWS if 404 in row.expected.values()]


@pytest.mark.parametrize("row", ID_ROWS, ids=[row.id for row in ID_ROWS])
def test_someone_elses_object_looks_like_a_missing_one(db, row):
    """No id probing: where someone else's object answers 404, an id that exists nowhere answers the same."""
    world = build_world()
    for role in [role for role in ROLES if row.expected[role] == 404]:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        other = _request(client, row, world)
        missing = _request(client, row, world, missing_ids=True)
        assert (other.status_code, other.content) == (missing.status_code, missing.content), (row.id, role)


@pytest.mark.parametrize("row", [row for row in ROWS if row.method != "GET"], ids=lambda row: row.id)
def test_state_changes_are_refused_without_a_csrf_token(db, row):
    world = build_world()
    for role in ("anonymous", "applicant A (own)", "staff"):
        client = Client(enforce_csrf_checks=True)
        if role != "anonymous":
            client.force_login(world.users[role])
        assert _request(client, row, world).status_code == 403, (row.id, role)


def test_the_matrix_reader_refuses_a_malformed_table(tmp_path):
    from tests.security.matrix import read_matrix

    header = "| URL name | " + " | ".join(ROLES) + " |\n| --- |" + " --- |" * len(ROLES) + "\n"
    good = tmp_path / "good.md"
    good.write_text("Intro\n\n" + header + "| `portal:home` POST | " + " | ".join(["200"] * len(ROLES)) + " |\n\nEnd\n")
    [row] = read_matrix(good)
    assert (row.name, row.method, row.expected["staff"]) == ("portal:home", "POST", 200)

    short = tmp_path / "short.md"
    short.write_text(header + "| `portal:home` | 200 | 200 |\n")
    with pytest.raises(AssertionError, match="codes for"):
        read_matrix(short)
    columns = tmp_path / "columns.md"
    columns.write_text("| URL name | anonymous | staff |\n| --- | --- | --- |\n")
    with pytest.raises(AssertionError, match="columns"):
        read_matrix(columns)


COAPPLICANT_ROWS = [(target, row) for target, title in COAPPLICANT_TABLES.items()
                    for row in read_matrix(title=title, roles=COAPPLICANT_ROLES)]


def test_every_applicant_url_of_an_application_has_a_co_applicant_row():
    names = {f"applications:{p.name}" for p in urls_applicant.urlpatterns if "pk" in p.pattern.converters}
    for target in COAPPLICANT_TABLES:
        documented = {row.name for row_target, row in COAPPLICANT_ROWS if row_target == target}
        assert names <= documented, (target, sorted(names - documented))


@pytest.mark.parametrize(("target", "row"), COAPPLICANT_ROWS, ids=[f"{t} {r.id}" for t, r in COAPPLICANT_ROWS])
def test_each_co_applicant_gets_the_documented_answer(db, target, row):
    """The owner, an editor, a viewer, a stranger and an invitee whose invitation expired, on A's application."""
    world = build_coapplicant_world(target)
    answers = {}
    for role in COAPPLICANT_ROLES:
        if row.method != "GET" and role != COAPPLICANT_ROLES[0]:
            world = build_coapplicant_world(target)  # the owner's removal or submission is not the editor's
        client = Client()
        client.force_login(world.users[role])
        answers[role] = _request(client, row, world).status_code
    mismatches = {role: f"got {answers[role]}, expected {row.expected[role]}"
                  for role in COAPPLICANT_ROLES if answers[role] != row.expected[role]}
    assert not mismatches, f"{target} {row.id}: {mismatches}"
