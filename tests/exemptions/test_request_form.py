"""The request form as the tenant sees it: the notice about encrypted numbers only where they are asked,
a patent application filed only once while its request is open or its document valid, the error summary
at the top of a refused form, and the valid files of a refused submission kept for the one who sent them."""

import datetime as dt
import re
import uuid

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from exemptions import services
from exemptions.models import ExemptionRequest, IssuedDocument, KeptUpload, RequestStatus
from tests.exemptions.conftest import approved_patent, file_immigration
from tests.factories import immigration_answers, patent_answers
from tests.samples import pdf_bytes

NOTICE = "they are stored encrypted, shown masked, and deleted after the retention period"
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


KEPT = "Kept from your last attempt: {name}. Choose another file only to replace it."


def _kept_token(response, code="employment_contract"):
    match = re.search(rf'name="kept_{code}" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


def _kept_files():
    storage = storages["private"]
    if not storage.exists("exemptions/kept"):
        return []
    folders, _files = storage.listdir("exemptions/kept")
    return [f"exemptions/kept/{folder}/{name}" for folder in folders for name in storage.listdir(
        f"exemptions/kept/{folder}")[1]]


def test_a_valid_contract_is_kept_when_the_request_is_refused_and_becomes_the_requests_file(client, tenant):
    client.force_login(tenant.owner)
    response = file_immigration(client, tenant, employment_start="1980-01-01")
    page = response.content.decode()
    assert "doc_employment_contract" not in response.context["form"].errors
    assert KEPT.format(name="contract.pdf") in page
    assert "exemptions/kept" not in page  # the page names the file, never where it is stored
    token = _kept_token(response)
    assert token and len(_kept_files()) == 1

    response = client.post(_create("IMM", tenant), {**immigration_answers(), "kept_employment_contract": token})
    assert response.status_code == 302
    req = ExemptionRequest.objects.get()
    assert req.uploads["employment_contract"]["name"] == "contract.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "contract.pdf" in page
    download = client.get(reverse("exemptions:request_upload",
                                  args=[tenant.company.pk, req.pk, "employment_contract"]))
    assert b"".join(download.streaming_content) == pdf_bytes("employment contract")
    assert _kept_files() == [] and not KeptUpload.objects.exists()  # used, then gone


def test_choosing_another_file_replaces_the_kept_one(client, tenant):
    client.force_login(tenant.owner)
    token = _kept_token(file_immigration(client, tenant, employment_start="1980-01-01"))
    second = SimpleUploadedFile("계약서-수정.pdf", pdf_bytes("second contract"), content_type="application/pdf")
    response = client.post(_create("IMM", tenant), {
        **immigration_answers(employment_start="1980-01-01"), "kept_employment_contract": token,
        "doc_employment_contract": second})
    assert KEPT.format(name="계약서-수정.pdf") in response.content.decode()
    assert "contract.pdf" not in response.content.decode()
    new_token = _kept_token(response)
    assert new_token != token and len(_kept_files()) == 1
    client.post(_create("IMM", tenant), {**immigration_answers(), "kept_employment_contract": new_token})
    assert ExemptionRequest.objects.get().uploads["employment_contract"]["name"] == "계약서-수정.pdf"


def test_a_file_refused_by_the_field_is_not_kept(client, tenant):
    client.force_login(tenant.owner)
    data = {**immigration_answers(employment_start="1980-01-01"),
            "doc_employment_contract": SimpleUploadedFile("c.pdf", b"MZ\x90\x00 not a pdf")}
    response = client.post(_create("IMM", tenant), data)
    assert "doc_employment_contract" in response.context["form"].errors
    assert _kept_token(response) is None and _kept_files() == []


def test_nobody_else_can_claim_a_kept_file_by_its_form_value(client, tenant, other_tenant):
    client.force_login(tenant.owner)
    token = _kept_token(file_immigration(client, tenant, employment_start="1980-01-01"))
    claims = [(tenant.admin, tenant.company, token), (other_tenant.owner, other_tenant.company, token),
              (tenant.owner, tenant.company, "../../../etc/passwd")]
    for user, company, value in claims:
        client.force_login(user)
        response = client.post(reverse("exemptions:create", args=[company.pk, "IMM"]),
                               {**immigration_answers(), "kept_employment_contract": value})
        assert response.status_code == 200
        assert response.context["form"].errors["doc_employment_contract"] == ["This field is required."]
        assert "contract.pdf" not in response.content.decode()
    assert not ExemptionRequest.objects.exists()
    client.force_login(tenant.owner)
    response = client.post(_create("IMM", tenant), {**immigration_answers(), "kept_employment_contract": token})
    assert response.status_code == 302


def test_kept_files_older_than_a_day_are_deleted_by_the_daily_purge(client, tenant,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(tenant.owner)
    old_token = _kept_token(file_immigration(client, tenant, employment_start="1980-01-01"))
    client.force_login(tenant.admin)
    fresh_token = _kept_token(file_immigration(client, tenant, employment_start="1980-01-01"))
    KeptUpload.objects.filter(token=old_token).update(created_at=timezone.now() - dt.timedelta(hours=25))
    old_path = KeptUpload.objects.get(token=old_token).path
    with django_capture_on_commit_callbacks(execute=True):
        services.sensitive_data_purge()
    assert list(KeptUpload.objects.values_list("token", flat=True)) == [uuid.UUID(fresh_token)]
    assert old_path not in _kept_files() and len(_kept_files()) == 1
    services.sensitive_data_purge()  # nothing more to do, nothing fails
    assert len(_kept_files()) == 1
    client.force_login(tenant.owner)
    response = client.post(_create("IMM", tenant), {**immigration_answers(), "kept_employment_contract": old_token})
    assert response.context["form"].errors["doc_employment_contract"] == ["This field is required."]


def test_a_kept_file_past_a_day_cannot_be_claimed_even_before_the_purge(client, tenant):
    client.force_login(tenant.owner)
    token = _kept_token(file_immigration(client, tenant, employment_start="1980-01-01"))
    KeptUpload.objects.filter(token=token).update(created_at=timezone.now() - dt.timedelta(hours=25))
    response = client.post(_create("IMM", tenant), {**immigration_answers(), "kept_employment_contract": token})
    assert response.status_code == 200 and "doc_employment_contract" in response.context["form"].errors
