"""No query parameter gives a server error: extreme and malformed values of every parameter the views read,
sent to every GET page of the permission matrix as every role (property-based, hypothesis)."""

from __future__ import annotations

import importlib
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.security.matrix import ROLES, URL_KWARGS, build_world, read_matrix

pytestmark = pytest.mark.django_db  # inside the module's world, rolled back after each test
GET_ROWS = [row for row in read_matrix() if row.method == "GET"]
PROJECT_APPS = ["portal", "accounts", "notifications", "premises", "applications", "evaluations", "tenants",
                "exemptions", "billing"]
# Parameters every site gets probed with, read or not.
COMMON_NAMES = {"page", "date", "q", "week", "month", "year", "call", "status", "next", "floor", "room", "start"}

_READS = [
    re.compile(r"""GET\.get\(\s*["'](\w+)["']"""),
    re.compile(r"""GET\[\s*["'](\w+)["']\s*\]"""),
    re.compile(r"""["'](\w+)["']\s+in\s+request\.GET"""),
    re.compile(r"""query_(?:text|int|date|page)\(\s*request\s*,\s*["'](\w+)["']"""),
]
_FORM_ON_GET = re.compile(r"""\b([A-Z]\w*Form)\(\s*request\.GET\b""")


def _source_files():
    for app in PROJECT_APPS:
        for path in sorted((settings.BASE_DIR / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def parameter_names() -> set[str]:
    """Every name the code reads from request.GET: by hand, through portal.params, or as the fields of a form
    bound to request.GET; plus the common ones."""
    names = set(COMMON_NAMES)
    for path in _source_files():
        text = path.read_text()
        for pattern in _READS:
            names.update(pattern.findall(text))
        if "query_page(request)" in text:
            names.add("page")
        forms = _FORM_ON_GET.findall(text)
        if forms:
            module = importlib.import_module(".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts))
            for form_name in forms:
                names.update(getattr(module, form_name).base_fields)
    return names


NAMES = sorted(parameter_names())
READERS = {row.id: [role for role in ROLES if row.expected[role] == 200] or ROLES for row in GET_ROWS}

EXTREMES = [
    "9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "0000-00-00", "-0001-01-01", "10000-01-01",
    "2026-W53", "2026-12", "9999-12", "0-0", "-1", "0", "1", "9" * 19, "9" * 400, "9" * 5000, "-" + "9" * 30,
    "1e308", "nan", "inf", "0x10", "١٢٣", "２０２６-０１-０１", "", " ", "\u202e", "😀" * 50, "a" * 10_000,
    "'; select 1; --", "{{ 7*7 }}", "//evil.example/", "javascript:alert(1)", "../../etc/passwd",
]
values = st.one_of(
    st.sampled_from(EXTREMES),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.dates().map(lambda date: date.isoformat()),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
)
# One value, or several (?a=1&a=2), for a few of the names at once.
queries = st.dictionaries(st.sampled_from(NAMES), st.lists(values, min_size=1, max_size=3), min_size=1, max_size=3)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The permission matrix's world, built once for the module and rolled back at its end."""
    from django.core.files.storage import storages
    from django.db import transaction

    root = tmp_path_factory.mktemp("query-parameters")
    storage_settings = {**settings.STORAGES, "private": {
        **settings.STORAGES["private"], "OPTIONS": {"location": str(root / "private"), "base_url": None}}}
    with override_settings(MEDIA_ROOT=str(root / "media"), STORAGES=storage_settings), django_db_blocker.unblock():
        storages._storages = {}
        outer = transaction.atomic()
        outer._from_testcase = True  # as Django's TestCase marks its own: the world's issuing services are durable
        with outer:
            yield build_world()
            transaction.set_rollback(True)
        storages._storages = {}


@pytest.fixture
def _isolated_private_storage():
    """The module's world keeps its files where it built them (replaces the suite's per-test folder)."""
    yield


@pytest.fixture(scope="module")
def clients(world):
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anonymous":
            clients[role].force_login(world.users[role])
    return clients


def _url(row, world) -> str:
    return reverse(row.name, kwargs=URL_KWARGS[row.name](world) if row.name in URL_KWARGS else None)


def _get(client, url: str, query: dict[str, list[str]]):
    response = client.get(f"{url}?{urlencode(query, doseq=True)}")
    assert response.status_code < 500, (url, query, response.status_code)
    return response


def test_the_parameters_read_by_the_code_are_found():
    """The scan finds the hand-read, helper-read and form-read parameters (a guard for the scan itself)."""
    assert {"date", "floor", "room", "start", "page", "q", "ai_field", "number", "code", "next", "application",
            "month"} <= set(NAMES)


@pytest.mark.parametrize("name", ["date", "floor"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2026-02-30", "9" * 5000])
def test_extreme_values_on_the_meeting_room_pages_show_a_page(world, clients, name, value):
    for url_name in ("tenants:rooms", "tenants:room_week"):
        row = next(row for row in GET_ROWS if row.name == url_name)
        response = _get(clients["tenant owner A"], _url(row, world), {name: [value]})
        assert response.status_code == 200


@hypothesis_settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=queries, data=st.data())
def test_no_query_parameter_gives_a_server_error(world, clients, query, data):
    """Each example sends one query to every GET page of the matrix, each page as a role drawn among those
    the page admits (the others are refused before any parameter is read; all roles for a page nobody opens)."""
    from django.core.cache import cache

    cache.clear()  # rate limits would answer 429 before the parameters are read
    for row in GET_ROWS:
        role = data.draw(st.sampled_from(READERS[row.id]), label=row.id)
        _get(clients[role], _url(row, world), query)


ADMIN_PAGES_WITH_PARAMETERS = {
    "admin:tenants_offer_allocate": ["application"],
    "admin:billing_invoice_report": ["month"],
    "admin:billing_invoice_report_csv": ["month"],
    "admin:billing_invoice_report_xlsx": ["month"],
}


@pytest.mark.parametrize("url_name", sorted(ADMIN_PAGES_WITH_PARAMETERS))
def test_the_admin_pages_that_read_parameters_never_fail(world, clients, url_name):
    """The admin's own pages that read request.GET by hand, as district staff."""
    for name in ADMIN_PAGES_WITH_PARAMETERS[url_name]:
        for value in EXTREMES:
            _get(clients["staff"], reverse(url_name), {name: [value]})


def _date_hierarchies():
    from django.contrib import admin

    return sorted(
        (f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist", model_admin.date_hierarchy)
        for model, model_admin in admin.site._registry.items() if model_admin.date_hierarchy
    )


DATE_PARTS = [("9999", None, None), ("9999", "12", None), ("9999", "12", "31"), ("1", "1", "1"), ("0", None, None),
              ("2026", "2", "30"), ("9" * 5000, None, None), ("-1", "13", "0"), ("١٢", None, None)]


@pytest.mark.parametrize(("url_name", "field"), _date_hierarchies())
def test_the_admin_date_hierarchies_never_fail(world, clients, url_name, field):
    """Every admin list with a date hierarchy (found from the admin site), with extreme dates."""
    for year, month, day in DATE_PARTS:
        query = {f"{field}__year": [year]}
        if month:
            query[f"{field}__month"] = [month]
        if day:
            query[f"{field}__day"] = [day]
        _get(clients["superuser"], reverse(url_name), query)


def _changelists():
    from django.contrib import admin

    return sorted(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
                  for model in admin.site._registry)


@pytest.mark.parametrize("value", ["9" * 30, "9999-12-31", "\u202e" + "가" * 300])
def test_every_admin_list_survives_extreme_filters_pages_orderings_and_searches(world, clients, value):
    """Every admin list (found from the admin site) with its page, ordering, search and each of its filters'
    parameters set to an extreme value at once, as the superuser."""
    from django.contrib import admin

    client = clients["superuser"]
    for url_name in _changelists():
        model = next(model for model in admin.site._registry
                     if url_name == f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        model_admin = admin.site._registry[model]
        changelist = model_admin.get_changelist_instance(_superuser_request(world))
        names = {"p", "o", "q"}
        for spec in changelist.filter_specs:
            names.update(spec.expected_parameters())
        _get(client, reverse(url_name), {name: [value] for name in names})


def _superuser_request(world):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.users["superuser"]
    return request
