"""The tabs of a company's space: every section of the company is one tab away from any other, and the
tab of the section the member is in is marked as the current one."""

import re

import pytest
from django.urls import reverse

from tests.exemptions.conftest import make_tenant

TABS = ["Company", "Team", "Meeting rooms", "Performance indicators", "Billing", "Exemption paperwork"]


def _tabs(page: str) -> tuple[list[str], list[str]]:
    nav = re.search(r'<nav aria-label="Company space".*?</nav>', page, re.S).group(0)
    links = re.findall(r'<a class="nav-link ?(active)?"\s*(aria-current="page")?\s*href="[^"]+">([^<]+)</a>', nav)
    return [label for _active, _current, label in links], [label for active, _c, label in links if active]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "current"), [
    ("tenants:company", "Company"), ("tenants:team", "Team"), ("tenants:rooms", "Meeting rooms"),
    ("billing:company", "Billing"), ("exemptions:list", "Exemption paperwork"),
])
def test_every_section_shows_all_tabs_with_its_own_marked(client, url_name, current):
    from tests.factories import exemption_types_seed

    exemption_types_seed()
    tenant = make_tenant()
    tenant.member.preferred_language = "en"
    tenant.member.save(update_fields=["preferred_language"])
    client.force_login(tenant.member)
    response = client.get(reverse(url_name, args=[tenant.company.pk]))
    assert response.status_code == 200
    labels, active = _tabs(response.content.decode())
    assert labels == TABS
    assert active == [current]
