"""In the browser: a tenant's owner files a patent request by the form's labels (a mistake first: the
error summary at the top takes the focus and leads to the field), and an official
checks an issued document on the public verification page; axe finds no serious violation."""

import re

import pytest
from playwright.sync_api import expect

from exemptions import services
from exemptions.models import ExemptionRequest
from tests.exemptions.conftest import approved_immigration, make_tenant
from tests.factories import PASSWORD, StaffFactory, exemption_types_seed

from .browser import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_an_owner_files_a_patent_request_in_the_browser(page):
    exemption_types_seed()
    tenant = make_tenant()
    page.goto("/accounts/login/")
    log_in(page, email=tenant.owner.email, password=PASSWORD)
    page.goto(f"/exemptions/{tenant.company.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="특허 우선심사 특례").click()
    page.get_by_label("출원번호").fill("10-1900-12")  # wrong first: the message sits beside the field
    page.get_by_label("발명의 명칭").fill("영상 기반 불량 검출 방법")
    page.get_by_role("button", name="신청서 제출").click()
    summary = page.locator("#error-summary")  # at the top of the form, with the focus
    expect(summary).to_be_focused()
    assert "10-YYYY-NNNNNNN 형식(출원 연도와 7자리 숫자)" in summary.inner_text()
    assert page.locator("#error_1_id_application_number").get_by_text(
        "10-YYYY-NNNNNNN 형식(출원 연도와 7자리 숫자)").is_visible()
    summary.get_by_role("link", name="출원번호").click()
    expect(page.locator("#id_application_number")).to_be_focused()
    assert page.get_by_label("발명의 명칭").input_value() == "영상 기반 불량 검출 방법"
    assert_accessible(page)
    year = page.evaluate("() => new Date().getFullYear()")
    page.get_by_label("출원번호").fill(f"10-{year}-0123456")
    page.locator("#id_applicant_name").fill(tenant.company.name_ko)
    page.get_by_label("출원일").fill(f"{year}-01-02")
    page.get_by_label("기술 분야").fill("컴퓨터 비전")
    # A mistyped customer number and no request for examination: each refused beside its field.
    page.get_by_label("출원인 특허고객번호").fill("1-2020-01234")
    page.get_by_label("아니요", exact=True).check()
    page.get_by_label("국제특허분류(IPC)").fill("G06N 3/08")
    page.get_by_label("발명이 특화사업의 수행 결과인 근거").fill("특화사업 AI 실증 과제의 결과물")
    page.get_by_role("button", name="신청서 제출").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert "특허고객번호 12자리" in summary.inner_text() and "우선심사는 심사청구가 된 출원만" in summary.inner_text()
    assert page.get_by_label("국제특허분류(IPC)").input_value() == "G06N 3/08"  # nothing typed is lost
    assert_accessible(page)
    page.get_by_label("출원인 특허고객번호").fill("1-2020-012345-6")
    page.get_by_label("예", exact=True).check()
    page.get_by_role("button", name="신청서 제출").click()
    page.wait_for_url(re.compile(r"/requests/\d+/$"))
    assert page.get_by_text("신청이 접수되었습니다").is_visible()
    assert_accessible(page)
    assert ExemptionRequest.objects.get().subject == f"10-{year}-0123456"


def test_an_official_verifies_a_document(page, client, monkeypatch):
    exemption_types_seed()
    tenant = make_tenant()
    monkeypatch.setattr("exemptions.services.documents._verification_code", lambda: "ABCD-EFGH-JKLM-NPQR")
    document = services.document_issue(request_id=approved_immigration(client, tenant, StaffFactory()).pk)
    page.goto("/exemptions/verify/")
    assert_accessible(page)
    page.get_by_label("문서번호").fill(document.number)
    page.get_by_label("확인코드").fill("abcd efgh jklm npqr")
    page.get_by_role("button", name="확인", exact=True).click()
    result = page.get_by_test_id("result")
    assert "유효한 문서입니다" in result.inner_text() and tenant.company.name_ko in result.inner_text()
    assert "M12345678" not in page.content()
    assert_accessible(page)


def test_the_employee_consents_through_the_link_in_the_browser(page):
    """The employee (no account) opens the e-mailed link, switches the notice to English, refuses once by
    leaving the box empty, then consents; the request reaches staff."""
    from django.core.files.base import ContentFile

    from tests.factories import immigration_answers

    types = exemption_types_seed()
    tenant = make_tenant()
    answers = immigration_answers()
    answers.pop("identifier_consent")
    sensitive = {name: answers.pop(name) for name in ("passport_number", "alien_registration_number")}
    request = services.request_submit(
        company=tenant.company, exemption_type=types["IMM"], actor=tenant.owner, data=answers,
        sensitive=sensitive, files={"employment_contract": ContentFile(b"%PDF-1.4 contract", name="c.pdf")},
        identifier_consent=True)
    token = services.employee_consent_link_send(request=request)
    page.goto(f"/exemptions/consent/{request.pk}/{token}/")
    assert page.get_by_text("수집하는 고유식별정보").is_visible() and "M1234****" in page.content()
    assert "M12345678" not in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="Record my consent").click()
    assert page.get_by_text("Tick the box to consent").is_visible()
    page.get_by_label("I agree that my passport number and alien registration number").check()
    page.get_by_role("button", name="Record my consent").click()
    assert page.get_by_role("heading", name="Consent recorded").is_visible()
    assert_accessible(page)
    request.refresh_from_db()
    assert request.status == "submitted"
    assert request.employee_consents.get(consented_at__isnull=False).language == "en"
