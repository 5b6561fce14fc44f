"""The employee's consent in their language and on paper: the consent e-mail goes in Korean, English or both as
the filer chose; when the link cannot be used, the company prints the portal's consent form (Korean and
English), has it signed and uploads it, which passes the request to staff, who read the signed form."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exemptions.models import EmployeeConsent, ExemptionRequest, RequestStatus
from privacy.models import AccessLog
from tests.exemptions.conftest import file_immigration, pdf_text
from tests.factories import UserFactory
from tests.privacy.reasons import remember_reason
from tests.samples import pdf_bytes


def _file(client, tenant, capture, **answers):
    client.force_login(tenant.owner)
    with capture(execute=True):
        response = file_immigration(client, tenant, employee_consents=False, **answers)
    assert response.status_code == 302
    return ExemptionRequest.objects.get(company=tenant.company)


@pytest.mark.parametrize(("choice", "korean", "english"), [("ko", True, False), ("en", False, True),
                                                            ("both", True, True)])
def test_the_consent_e_mail_goes_in_the_language_the_filer_chose(client, tenant, django_capture_on_commit_callbacks,
                                                                 choice, korean, english):
    _file(client, tenant, django_capture_on_commit_callbacks, employee_language=choice)
    [message] = [m for m in mail.outbox if m.to == ["john.smith@example.com"]]
    body = message.body
    assert "/exemptions/consent/" in body
    assert ("동의 여부를 결정해 주십시오" in body) is korean and ("동의 요청" in message.subject) is korean
    assert ("Open this link to read the notice" in body) is english
    assert ("Your consent is needed" in message.subject) is english


def test_a_request_filed_before_the_choice_existed_is_e_mailed_in_english(client, tenant,
                                                                          django_capture_on_commit_callbacks):
    _file(client, tenant, django_capture_on_commit_callbacks, employee_language="")
    [message] = [m for m in mail.outbox if m.to == ["john.smith@example.com"]]
    assert "Open this link to read the notice" in message.body


def test_the_consent_form_is_a_pdf_in_korean_and_english_with_the_numbers_masked(
        client, tenant, django_capture_on_commit_callbacks):
    request = _file(client, tenant, django_capture_on_commit_callbacks)
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, request.pk])).content.decode()
    url = reverse("exemptions:consent_form", args=[tenant.company.pk, request.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "고유식별정보" in text and "unique identifiers" in text
    assert "John Smith" in text and "M1234" in text
    assert "M12345678" not in text and "5123456" not in text, "only the masked numbers are printed"


def test_the_signed_form_uploaded_by_the_company_is_the_consent_and_staff_read_it(
        client, tenant, staff, django_capture_on_commit_callbacks):
    request = _file(client, tenant, django_capture_on_commit_callbacks)
    link_row = EmployeeConsent.objects.get(request=request)
    upload = reverse("exemptions:consent_form_upload", args=[tenant.company.pk, request.pk])
    signed = SimpleUploadedFile("서명 동의서.pdf", pdf_bytes("signed consent"), content_type="application/pdf")
    response = client.post(upload, {"signed_form": signed})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED and request.waiting_since is not None
    consent = EmployeeConsent.objects.get(request=request, method="signed_form")
    assert (consent.uploaded_by, consent.signed_form_name) == (tenant.owner, "서명 동의서.pdf")
    assert consent.consented_at is not None
    link_row.refresh_from_db()
    assert link_row.expires_at <= consent.consented_at, "the e-mailed link stops working"
    transition = request.transitions.latest("id")
    assert (transition.name, transition.actor) == ("consent_form_upload", tenant.owner)
    page = client.get(reverse("exemptions:request", args=[tenant.company.pk, request.pk])).content.decode()
    assert "서명 동의서.pdf" in page

    client.force_login(staff)
    change = client.get(reverse("admin:exemptions_exemptionrequest_change", args=[request.pk])).content.decode()
    download = reverse("admin:exemptions_exemptionrequest_upload", args=[request.pk, "employee-consent-form"])
    assert download in change
    remember_reason(client, "exemptions.upload", reason="동의서 서명 확인")
    file = client.get(download)
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(action="download", object_label="서명 동의서.pdf",
                                    reason="동의서 서명 확인").exists()
    client.force_login(tenant.owner)  # the request no longer waits: no form to print
    assert client.get(reverse("exemptions:consent_form", args=[tenant.company.pk, request.pk])).status_code == 404


def test_a_file_that_is_no_document_is_refused_and_the_request_keeps_waiting(
        client, tenant, django_capture_on_commit_callbacks):
    request = _file(client, tenant, django_capture_on_commit_callbacks)
    upload = reverse("exemptions:consent_form_upload", args=[tenant.company.pk, request.pk])
    response = client.post(upload, {"signed_form": SimpleUploadedFile("form.exe", b"MZ\x90\x00binary")}, follow=True)
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_CONSENT
    assert not EmployeeConsent.objects.filter(method="signed_form").exists()
    assert "danger" in [m.level_tag for m in response.context["messages"]]


def test_only_the_companys_managers_print_and_upload_the_form(client, tenant, other_tenant,
                                                             django_capture_on_commit_callbacks):
    request = _file(client, tenant, django_capture_on_commit_callbacks)
    form = reverse("exemptions:consent_form", args=[tenant.company.pk, request.pk])
    upload = reverse("exemptions:consent_form_upload", args=[tenant.company.pk, request.pk])
    for user, code in ((tenant.member, 403), (other_tenant.owner, 404), (UserFactory(), 404)):
        client.force_login(user)
        assert client.get(form).status_code == code
        signed = SimpleUploadedFile("signed.pdf", pdf_bytes("signed"), content_type="application/pdf")
        assert client.post(upload, {"signed_form": signed}).status_code == code
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_CONSENT
