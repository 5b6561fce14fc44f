"""The request form as the tenant sees it: the notice about encrypted numbers only where they are asked,
a patent application filed only once while its request is open or its document valid."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exemptions import services
from exemptions.models import ExemptionRequest, IssuedDocument, RequestStatus
from tests.exemptions.conftest import approved_patent, file_immigration
from tests.factories import patent_answers

NOTICE = "Passport and alien registration numbers are stored encrypted"
DUPLICATE = "Your company already has an open request or a valid document for"


def _create(code, tenant):
    return reverse("exemptions:create", args=[tenant.company.pk, code])


def test_the_notice_about_encrypted_numbers_shows_only_where_they_are_asked(client, tenant):
    client.force_login(tenant.owner)
    immigration = client.get(_create("IMM", tenant)).content.decode()
    patent = client.get(_create("PAT", tenant)).content.decode()
    assert NOTICE in immigration
    assert NOTICE not in patent


def _file_patent(client, tenant, **overrides):
    return client.post(_create("PAT", tenant), patent_answers(tenant.company, **overrides))


def test_the_same_patent_application_is_refused_beside_the_field_while_open(client, tenant):
    client.force_login(tenant.owner)
    year = timezone.localdate().year
    assert _file_patent(client, tenant).status_code == 302
    response = _file_patent(client, tenant, application_number=f"10{year}0123456")  # the same, without dashes
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["application_number"]
    assert f"{DUPLICATE} 10-{year}-0123456" in errors["application_number"][0]
    assert DUPLICATE in response.content.decode()
    assert ExemptionRequest.objects.count() == 1


def test_a_request_sent_back_for_information_still_counts_as_open(client, tenant, staff):
    client.force_login(tenant.owner)
    _file_patent(client, tenant)
    services.request_ask_info(request=ExemptionRequest.objects.get(), actor=staff, reason="The filing receipt")
    response = _file_patent(client, tenant)
    assert response.status_code == 200 and "application_number" in response.context["form"].errors
    assert ExemptionRequest.objects.count() == 1


def test_a_valid_document_blocks_the_number_but_a_revoked_one_does_not(client, tenant, staff):
    client.force_login(tenant.owner)
    req = approved_patent(tenant, staff)
    response = _file_patent(client, tenant)
    assert "application_number" in response.context["form"].errors  # approved, its document on its way
    document = services.document_issue(request_id=req.pk)
    response = _file_patent(client, tenant)
    assert "application_number" in response.context["form"].errors
    services.document_revoke(document=document, actor=staff, reason="Filed by mistake")
    assert _file_patent(client, tenant).status_code == 302
    assert ExemptionRequest.objects.count() == 2


def test_an_expired_document_does_not_block_the_number(client, tenant, staff):
    client.force_login(tenant.owner)
    document = services.document_issue(request_id=approved_patent(tenant, staff).pk)
    IssuedDocument.objects.filter(pk=document.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    assert _file_patent(client, tenant).status_code == 302


def test_a_rejected_patent_request_may_be_filed_again(client, tenant, staff):
    client.force_login(tenant.owner)
    _file_patent(client, tenant)
    services.request_reject(request=ExemptionRequest.objects.get(), actor=staff, reason="No receipt")
    assert _file_patent(client, tenant).status_code == 302
    assert sorted(ExemptionRequest.objects.values_list("status", flat=True)) == [
        RequestStatus.REJECTED, RequestStatus.SUBMITTED]


def test_another_company_may_file_the_same_number(client, tenant, other_tenant):
    client.force_login(tenant.owner)
    _file_patent(client, tenant)
    client.force_login(other_tenant.owner)
    assert client.post(_create("PAT", other_tenant), patent_answers(other_tenant.company)).status_code == 302
    assert ExemptionRequest.objects.count() == 2


def test_correcting_a_request_into_a_duplicate_is_refused_too(client, tenant, staff):
    client.force_login(tenant.owner)
    year = timezone.localdate().year
    _file_patent(client, tenant)
    _file_patent(client, tenant, application_number=f"10-{year}-0999999")
    second = ExemptionRequest.objects.latest("pk")
    services.request_ask_info(request=second, actor=staff, reason="Check the number")
    response = client.post(reverse("exemptions:request_edit", args=[tenant.company.pk, second.pk]),
                           patent_answers(tenant.company))
    assert response.status_code == 200 and "application_number" in response.context["form"].errors
    # Its own number is no duplicate of itself.
    response = client.post(reverse("exemptions:request_edit", args=[tenant.company.pk, second.pk]),
                           patent_answers(tenant.company, application_number=f"10-{year}-0999999"))
    assert response.status_code == 302


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None}}}


def _summary(page: str) -> str:
    start = page.rindex("<div", 0, page.index('id="error-summary"'))
    return page[start:page.index("</div>", start)]


def test_a_refused_request_opens_with_an_error_summary_linking_to_each_field(client, tenant):
    client.force_login(tenant.owner)
    assert 'id="error-summary"' not in client.get(_create("IMM", tenant)).content.decode()
    response = file_immigration(client, tenant, employment_start="1980-01-01", passport_number="x")
    page = response.content.decode()
    summary = _summary(page)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary  # error-summary.js moves the focus there
    assert '<a href="#id_employment_start" class="alert-link">Employment start</a>' in summary
    assert "The employment cannot start before the date of birth." in summary
    assert '<a href="#id_passport_number" class="alert-link">Passport number</a>' in summary
    assert page.index('id="error-summary"') < page.index('enctype="multipart/form-data"')
    assert "/static/js/error-summary.js" in page
    assert "M12345678" not in summary


def test_a_refusal_of_the_whole_request_is_in_the_summary_too(client, tenant):
    client.force_login(tenant.owner)
    _file_patent(client, tenant)
    summary = _summary(_file_patent(client, tenant).content.decode())
    assert '<a href="#id_application_number" class="alert-link">Application number</a>' in summary
    assert DUPLICATE in summary
