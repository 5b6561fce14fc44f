"""The admin's navigation sidebar: worked out once per user, language and page kind, kept in the cache, and
still marking the page the user is on and listing only what that user may open."""

import pytest
from django.urls import reverse

from portal.admin_site import PortalAdminSite
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _current(html: str) -> str:
    """The sidebar's link marked as the current page."""
    sidebar = html[html.index('id="nav-sidebar"'):]
    marked = sidebar[:sidebar.index('aria-current="page"')]
    return marked[marked.rindex('href="') + 6:].split('"')[0]


def test_the_sidebar_marks_the_page_the_user_is_on(client):
    client.force_login(StaffFactory())
    applications = reverse("admin:applications_application_changelist")
    companies = reverse("admin:tenants_company_changelist")
    for _ in range(2):  # drawn, then from the cache
        assert _current(client.get(applications).content.decode()) == applications
    assert _current(client.get(companies).content.decode()) == companies
    assert _current(client.get(applications + "?status__exact=submitted").content.decode()) == applications


def test_each_user_sees_their_own_sidebar(client):
    groups = reverse("admin:auth_group_changelist")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert groups in client.get(reverse("admin:index")).content.decode()
    client.force_login(StaffFactory())
    page = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert groups not in page[page.index('id="nav-sidebar"'):]


def test_the_list_of_models_is_worked_out_once_while_the_sidebar_is_kept(client, monkeypatch):
    built = []
    original = PortalAdminSite._build_app_dict

    def counting(self, request, label=None):
        built.append(label)
        return original(self, request, label)

    monkeypatch.setattr(PortalAdminSite, "_build_app_dict", counting)
    client.force_login(StaffFactory())
    url = reverse("admin:applications_application_changelist")
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert len(built) == 1
