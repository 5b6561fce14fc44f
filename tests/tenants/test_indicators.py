"""Half-yearly performance indicators reported by the tenant."""

import pytest
from django.utils import timezone

from portal.exceptions import DomainError
from tenants import services
from tenants.models import PerformanceReport
from tests.factories import MembershipFactory

FIGURES = {"employees": 24, "foreign_employees": 3, "revenue": 850_000_000, "investment": 2_000_000_000,
           "patents_filed": 4, "patents_granted": 1}


def test_owner_reports_and_corrects_a_half_year(client, db):
    owner = MembershipFactory(role="owner")
    client.force_login(owner.user)
    url = f"/tenants/{owner.company_id}/indicators/"
    assert client.post(url, {"year": 2025, "half": 2, **FIGURES}).status_code == 302
    assert client.post(url, {"year": 2025, "half": 2, **FIGURES, "employees": 30}).status_code == 302
    report = PerformanceReport.objects.get(company=owner.company)
    assert (report.employees, report.revenue, report.submitted_by) == (30, 850_000_000, owner.user)
    assert "850,000,000원" in client.get(url).content.decode()


def test_bad_figures_are_explained_and_kept(client, db):
    owner = MembershipFactory(role="owner")
    client.force_login(owner.user)
    response = client.post(f"/tenants/{owner.company_id}/indicators/",
                           {"year": 2025, "half": 2, **FIGURES, "foreign_employees": 99})
    assert response.status_code == 200
    assert 'value="99"' in response.content.decode()
    assert not PerformanceReport.objects.exists()


def test_a_future_half_year_is_refused(db):
    owner = MembershipFactory(role="owner")
    with pytest.raises(DomainError):
        services.performance_report_submit(company=owner.company, actor=owner.user,
                                           year=timezone.localdate().year + 1, half=1, **FIGURES)


def test_plain_members_see_but_do_not_report(client, db):
    member = MembershipFactory(role="member")
    client.force_login(member.user)
    url = f"/tenants/{member.company_id}/indicators/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"year": 2025, "half": 2, **FIGURES}).status_code == 403
