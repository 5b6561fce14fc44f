"""Isolation: another company's requests and documents answer 404; a plain member sees documents but
cannot file or read requests; anonymous users are sent to log in."""

import pytest
from django.urls import reverse

from exemptions import services
from exemptions.models import ExemptionRequest
from tests.exemptions.conftest import approved_immigration, file_immigration


@pytest.fixture
def b_document(client, other_tenant, staff):
    document = services.document_issue(request_id=approved_immigration(client, other_tenant, staff).pk)
    client.logout()
    return document


def test_a_member_of_a_cannot_reach_bs_requests_or_documents(client, tenant, other_tenant, b_document):
    b = other_tenant.company
    req = b_document.request
    for user in (tenant.owner, tenant.member):
        client.force_login(user)
        urls = [
            reverse("exemptions:list", args=[b.pk]),
            reverse("exemptions:request", args=[b.pk, req.pk]),
            reverse("exemptions:request_edit", args=[b.pk, req.pk]),
            reverse("exemptions:request_upload", args=[b.pk, req.pk, "employment_contract"]),
            reverse("exemptions:document", args=[b.pk, b_document.pk]),
            reverse("exemptions:document_en", args=[b.pk, b_document.pk]),
            # B's document under A's own company id
            reverse("exemptions:document", args=[tenant.company.pk, b_document.pk]),
        ]
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        # B's request under A's own company id: not found for A's owner, refused to A's plain member.
        response = client.get(reverse("exemptions:request", args=[tenant.company.pk, req.pk]))
        assert response.status_code == (404 if user == tenant.owner else 403)
        assert b"John Smith" not in response.content
    client.force_login(other_tenant.member)  # the allowed case beside it
    assert client.get(reverse("exemptions:document", args=[b.pk, b_document.pk])).status_code == 200


def test_a_plain_member_cannot_file_or_read_requests(client, tenant):
    client.force_login(tenant.member)
    page = client.get(reverse("exemptions:list", args=[tenant.company.pk]))
    assert page.status_code == 200 and page.context["requests"] is None
    assert reverse("exemptions:create", args=[tenant.company.pk, "IMM"]) not in page.content.decode()
    assert client.get(reverse("exemptions:create", args=[tenant.company.pk, "IMM"])).status_code == 403
    assert file_immigration(client, tenant).status_code == 403
    assert not ExemptionRequest.objects.exists()
    client.force_login(tenant.owner)
    assert file_immigration(client, tenant).status_code == 302


def test_the_service_refuses_a_plain_member_too(tenant, types):
    from portal.exceptions import PermissionRefused

    with pytest.raises(PermissionRefused):
        services.request_submit(company=tenant.company, exemption_type=types["PAT"], actor=tenant.member,
                                data={}, sensitive={}, files={})


def test_anonymous_visitors_are_sent_to_log_in(client, tenant):
    response = client.get(reverse("exemptions:list", args=[tenant.company.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_request_list_keeps_its_query_count_as_rows_grow(client, tenant, staff, django_assert_num_queries):
    client.force_login(tenant.owner)
    url = reverse("exemptions:list", args=[tenant.company.pk])
    services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
    client.get(url)  # warm the session
    with django_assert_num_queries(8):
        client.get(url)
    for _ in range(3):
        services.document_issue(request_id=approved_immigration(client, tenant, staff).pk)
        file_immigration(client, tenant)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["documents"]) == 4 and len(response.context["requests"]) == 7


def test_the_nav_entry_leads_to_the_companys_page(client, tenant):
    client.force_login(tenant.member)
    response = client.get(reverse("exemptions:mine"))
    assert response.status_code == 302 and response["Location"] == reverse("exemptions:list", args=[tenant.company.pk])
    page = client.get(reverse("exemptions:list", args=[tenant.company.pk]))
    assert reverse("exemptions:mine") in page.content.decode()
