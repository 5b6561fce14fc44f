"""The user admin: users and permissions belong to superusers. District staff create evaluator and staff
accounts and deactivate accounts, but never raise anyone's permissions, change a superuser or set a
password in the admin, whatever they post."""

from collections import defaultdict

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from accounts.services import consent_record_give
from tests.accounts.helpers import browser_form_data
from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGE = "/admin/accounts/user/{}/change/"
PASSWORD_PAGE = "/admin/accounts/user/{}/password/"
NEW_PASSWORD = "an-entirely-new-secret-42"


@pytest.fixture
def people():
    staff = StaffFactory(email="staff@seocho.go.kr")
    applicant = UserFactory(email="founder@startup.kr", role="applicant")
    consent_record_give(user=applicant, purpose="personal_data")  # an inline row on the page
    return {
        "self": staff,
        "another staff": StaffFactory(email="colleague@seocho.go.kr"),
        "superuser": UserFactory(email="root@seocho.go.kr", is_staff=True, is_superuser=True),
        "applicant": applicant,
        "evaluator": UserFactory(email="expert@univ.ac.kr", role="evaluator"),
    }


def _standing(user: User) -> dict:
    user = User.objects.get(pk=user.pk)
    return {
        "is_superuser": user.is_superuser, "is_staff": user.is_staff, "password": user.password,
        "groups": set(user.groups.values_list("name", flat=True)),
        "user_permissions": set(user.user_permissions.values_list("codename", flat=True)),
    }


def _as_posted(pairs, **extra) -> dict:
    data = defaultdict(list)
    for name, value in pairs:
        data[name].append(value)
    for name, value in extra.items():
        data[name] = value if isinstance(value, list) else [value]
    return dict(data)


def _escalation(page_html: str, *, name: str) -> dict:
    """The change form exactly as the browser shows it (inline management forms included), with the
    name edited and every permission field a probe would add."""
    staff_group = Group.objects.get(name="district_staff")
    permission = Permission.objects.get(codename="change_user")
    return _as_posted(
        browser_form_data(page_html, "user_form"), name=name, _save="Save",
        is_superuser="on", is_staff="on", is_active="on",
        groups=[str(staff_group.pk)], user_permissions=[str(permission.pk)],
    )


@pytest.mark.parametrize("target", ["self", "another staff", "superuser", "applicant", "evaluator"])
def test_staff_cannot_raise_permissions_or_set_passwords(client, people, target):
    staff, user = people["self"], people[target]
    before = _standing(user)
    client.force_login(staff)

    page = client.get(CHANGE.format(user.pk))
    assert page.status_code == 200
    html = page.content.decode()
    data = _escalation(html, name="바뀐 이름")
    assert "consents-TOTAL_FORMS" in data
    response = client.post(CHANGE.format(user.pk), data)
    assert _standing(user) == before
    if target == "superuser":
        assert response.status_code == 403  # a superuser's account is read-only to staff
        assert User.objects.get(pk=user.pk).name == user.name
    else:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert User.objects.get(pk=user.pk).name == "바뀐 이름"  # the form itself was accepted
    for field in ("is_superuser", "is_staff", "groups", "user_permissions", "password"):
        assert f'name="{field}"' not in html
    assert "password/" not in html  # no link to the admin's password page

    # The admin's password page is the superusers' alone (staff change their own on the portal).
    assert client.get(PASSWORD_PAGE.format(user.pk)).status_code == 403
    response = client.post(PASSWORD_PAGE.format(user.pk), {
        "usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "set-password": "1",
    })
    assert response.status_code == 403
    assert _standing(user) == before
    assert client.login(username=user.email, password=PASSWORD)


def test_a_superuser_still_manages_users_and_permissions(client, people):
    root, applicant = people["superuser"], people["applicant"]
    client.force_login(root)
    page = client.get(CHANGE.format(applicant.pk)).content.decode()
    assert 'name="is_superuser"' in page and 'name="user_permissions"' in page
    response = client.post(CHANGE.format(applicant.pk), _escalation(page, name="승격"))
    assert response.status_code == 302
    after = _standing(applicant)
    assert after["is_superuser"] and after["is_staff"]
    assert after["groups"] == {"district_staff"} and after["user_permissions"] == {"change_user"}

    staff = people["another staff"]
    response = client.post(PASSWORD_PAGE.format(staff.pk), {
        "usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "set-password": "1",
    })
    assert response.status_code == 302
    assert client.login(username=staff.email, password=NEW_PASSWORD)


def _add_page_data(client, **values) -> dict:
    page = client.get("/admin/accounts/user/add/")
    assert page.status_code == 200
    return _as_posted(browser_form_data(page.content.decode(), "user_form"), password1=PASSWORD,
                      password2=PASSWORD, _save="Save", **values)


def test_staff_create_evaluator_and_staff_accounts_from_a_role_choice(client, people):
    client.force_login(people["self"])
    page = client.get("/admin/accounts/user/add/").content.decode()
    assert 'name="groups"' not in page and 'name="is_superuser"' not in page
    assert '<option value="evaluator">' in page and '<option value="district_staff">' in page
    assert '<option value="applicant">' not in page

    staff_group = Group.objects.get(name="district_staff")
    response = client.post("/admin/accounts/user/add/", _add_page_data(
        client, email="new-expert@univ.ac.kr", name="새 평가위원", role="evaluator",
        is_superuser="on", is_staff="on", groups=[str(staff_group.pk)],
    ))
    assert response.status_code == 302
    expert = User.objects.get(email="new-expert@univ.ac.kr")
    assert _standing(expert) | {"password": ""} == {
        "is_superuser": False, "is_staff": False, "password": "", "groups": {"evaluator"}, "user_permissions": set()}
    assert expert.email_verified_at is not None

    client.post("/admin/accounts/user/add/", _add_page_data(
        client, email="new-officer@seocho.go.kr", name="새 담당자", role="district_staff", is_superuser="on"))
    officer = User.objects.get(email="new-officer@seocho.go.kr")
    assert (officer.is_staff, officer.is_superuser, officer.is_district_staff) == (True, False, True)

    # Any other role is the superusers' to give: refused beside the field.
    response = client.post("/admin/accounts/user/add/", _add_page_data(
        client, email="tenant@startup.kr", role="tenant_member"))
    assert response.status_code == 200
    assert "올바른 항목을 선택해 주십시오." in response.content.decode()
    assert not User.objects.filter(email="tenant@startup.kr").exists()


def test_staff_deactivate_accounts_but_not_their_own_nor_delete_any(client, people):
    staff, expert = people["self"], people["evaluator"]
    client.force_login(staff)
    for user in (expert, people["another staff"]):
        pairs = [pair for pair in browser_form_data(client.get(CHANGE.format(user.pk)).content.decode(),
                                                    "user_form") if pair[0] != "is_active"]
        assert client.post(CHANGE.format(user.pk), _as_posted(pairs, _save="Save")).status_code == 302
        assert User.objects.get(pk=user.pk).is_active is False

    page = client.get(CHANGE.format(staff.pk)).content.decode()
    assert 'name="is_active"' not in page
    pairs = browser_form_data(page, "user_form")
    client.post(CHANGE.format(staff.pk), _as_posted(pairs, _save="Save"))
    assert User.objects.get(pk=staff.pk).is_active is True

    response = client.post(f"/admin/accounts/user/{people['applicant'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=people["applicant"].pk).exists()


def test_groups_and_permissions_stay_with_superusers(client, people):
    client.force_login(people["self"])
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get(f"/admin/auth/group/{Group.objects.get(name='district_staff').pk}/change/").status_code == 403
    client.force_login(people["superuser"])
    assert client.get("/admin/auth/group/").status_code == 200
