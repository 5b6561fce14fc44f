"""The grantee's pages from outside: who sees an allocation, who reports its usage, the form's errors beside the
field with the input kept, in both languages; the pages' query counts pinned."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from compute import services
from compute.models import UsageReport, month_first
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, gpu_allocation

pytestmark = pytest.mark.django_db


def month() -> str:
    return f"{month_first(timezone.localdate()):%Y-%m}"


def with_company(**kwargs):
    company = CompanyFactory()
    allocation = gpu_allocation(business_registration_number=company.business_registration_number.replace("-", ""),
                                **kwargs)
    assert allocation.company == company
    return allocation, company


def test_the_grantee_sees_the_months_with_used_and_remaining_hours(client, django_assert_num_queries):
    allocation = gpu_allocation(hours=100, months_back=1)
    services.usage_record(allocation_id=allocation.pk, month=month_first(timezone.localdate()), hours=Decimal("25.5"),
                          source="grantee", actor=None)
    client.force_login(allocation.application.applicant)
    url = reverse("compute:allocation", args=[allocation.pk])
    client.get(url)
    with django_assert_num_queries(7):  # whatever the number of months and reports
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
    html = response.content.decode()
    assert response.status_code == 200
    assert allocation.number in html
    months = response.context["rows"]
    assert [(row.used, row.remaining) for row in months[:2]] == [(Decimal(0), 100), (Decimal("25.5"), Decimal("74.5"))]
    assert 'data-testid="usage-form"' in html


def test_the_list_shows_each_allocation_of_the_user_with_this_months_remaining(client, django_assert_num_queries):
    allocation, company = with_company(hours=100)
    gpu_allocation()  # someone else's
    member = MembershipFactory(company=company, role="member").user
    client.force_login(member)
    client.get(reverse("compute:mine"))
    with django_assert_num_queries(5):  # whatever the number of allocations
        response = client.get(reverse("compute:mine"))
    assert [row["allocation"] for row in response.context["rows"]] == [allocation]


def test_a_report_is_recorded_and_the_page_says_so(client):
    allocation = gpu_allocation(hours=100)
    client.force_login(allocation.application.applicant)
    url = reverse("compute:allocation", args=[allocation.pk])
    response = client.post(url, {"month": month(), "hours": "12.5"}, follow=True)
    assert response.redirect_chain[-1][0] == url
    report = UsageReport.objects.get(allocation=allocation)
    assert (report.hours, report.source, report.reported_by) == (Decimal("12.5"), "grantee",
                                                                 allocation.application.applicant)


@pytest.mark.parametrize(("language", "words"), [("ko", "남은 GPU 사용 시간"), ("en", "Only 100 GPU-hours remain")])
def test_more_than_remains_is_refused_beside_the_field_with_the_input_kept(client, language, words):
    allocation = gpu_allocation(hours=100)
    user = allocation.application.applicant
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    response = client.post(reverse("compute:allocation", args=[allocation.pk]), {"month": month(), "hours": "150"})
    assert response.status_code == 200
    html = response.content.decode()
    assert words in response.context["form"].errors["hours"][0]
    assert re.search(r'<input[^>]*name="hours"[^>]*value="150"', html)
    assert 'id="error-summary"' in html and 'href="#id_hours"' in html
    assert not UsageReport.objects.exists()


def test_company_members_read_the_allocation_and_only_managers_report(client):
    allocation, company = with_company()
    member = MembershipFactory(company=company, role="member").user
    owner = MembershipFactory(company=company, role="owner").user
    url = reverse("compute:allocation", args=[allocation.pk])
    client.force_login(member)
    assert client.get(url).status_code == 200
    assert "usage-form" not in client.get(url).content.decode()
    assert client.post(url, {"month": month(), "hours": "1"}).status_code == 403
    client.force_login(owner)
    assert client.post(url, {"month": month(), "hours": "1"}).status_code == 302
    assert UsageReport.objects.get().reported_by == owner


def test_another_users_allocation_looks_like_a_missing_one(client):
    allocation, _company = with_company()
    client.force_login(MembershipFactory(role="owner").user)  # another company
    url = reverse("compute:allocation", args=[allocation.pk])
    missing = client.get(reverse("compute:allocation", args=[2_000_000_000]))
    other = client.get(url)
    assert other.status_code == missing.status_code == 404
    assert client.post(url, {"month": month(), "hours": "1"}).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("compute:mine")).context["rows"] == []


def test_a_proposed_allocation_shows_no_form_and_refuses_a_report(client):
    allocation = gpu_allocation(status="proposed")
    client.force_login(allocation.application.applicant)
    url = reverse("compute:allocation", args=[allocation.pk])
    assert "usage-form" not in client.get(url).content.decode()
    response = client.post(url, {"month": month(), "hours": "1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not UsageReport.objects.exists()
