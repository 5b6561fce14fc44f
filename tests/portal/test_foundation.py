"""The foundation: real PostgreSQL, complete migrations, roles, demo data (health: test_health.py)."""

import io

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from premises.models import Floor, Unit, UnitType


def test_the_test_database_is_postgresql(db):
    assert connection.vendor == "postgresql"


def test_migrations_are_complete(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_roles_exist_as_groups(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"applicant", "tenant_member", "evaluator", "district_staff"} <= names


def test_staff_group_holds_the_portals_permissions(db):
    staff = Group.objects.get(name="district_staff")
    codenames = set(staff.permissions.values_list("codename", flat=True))
    assert {"change_unit", "view_user", "view_notification"} <= codenames


def test_demo_data_builds_the_center_and_can_run_twice(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())
    assert Floor.objects.count() == 9
    assert Unit.objects.count() == 40
    assert sorted(UnitType.objects.values_list("code", flat=True)) == ["28", "33", "36", "56"]
    assert sorted(
        (t.code, t.units.count()) for t in UnitType.objects.all()
    ) == [("28", 12), ("33", 12), ("36", 10), ("56", 6)]
    printed = out.getvalue()
    for login in ["staff@demo.yangjae-ai.kr", "evaluator@demo.yangjae-ai.kr",
                  "applicant@demo.yangjae-ai.kr", "tenant@demo.yangjae-ai.kr"]:
        assert login in printed


def test_the_staff_factory_makes_a_district_official(db):
    from tests.factories import StaffFactory

    staff = StaffFactory()
    assert staff.is_staff and staff.is_district_staff


def test_the_links_follow_the_path_the_portal_is_served_under(client, db):
    from django.urls import set_script_prefix

    from tests.factories import CallFactory

    CallFactory(code="2026-1")
    served_at_root = client.get("/").content.decode()
    set_script_prefix("/portal/")  # what the WSGI handler does for SCRIPT_NAME=/portal
    try:
        under_a_prefix = client.get("/").content.decode()
    finally:
        set_script_prefix("/")
    again_at_root = client.get("/").content.decode()
    for link in ("/calls/", "/accounts/login/", "/calls/2026-1/", "/apply/2026-1/"):
        assert f'href="{link}"' in served_at_root and f'href="{link}"' in again_at_root
        assert f'href="/portal{link}"' in under_a_prefix
    assert 'href="/portal/' not in again_at_root


def test_the_portal_has_an_icon_and_answers_the_browsers_favicon_request(client, db):
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "img/favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
    from django.contrib.staticfiles import finders

    assert finders.find("img/favicon.svg")
