"""An applicant's journey in Korean in a real browser: log in, fill every step, upload the documents
(with the progress bar's script), review and submit, then find the application on the dashboard."""

import re

import pytest

from applications.models import Application
from tests.applications.conftest import make_call
from tests.e2e.browser import Screenshots, assert_accessible, log_in
from tests.factories import PASSWORD, UserFactory
from tests.samples import hwp_bytes, pdf_bytes

pytestmark = pytest.mark.browser


def test_apply_journey_in_korean(page, live_server, tmp_path):
    call = make_call(code="2026-1")
    unit_type = call.units_on_offer.get().unit_type
    user = UserFactory(name="홍길동", preferred_language="ko")
    (tmp_path / "plan.hwp").write_bytes(hwp_bytes())
    (tmp_path / "doc.pdf").write_bytes(pdf_bytes())
    shots = Screenshots("apply-journey")

    page.goto(f"/calls/{call.code}/")
    page.get_by_test_id("apply").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    log_in(page, email=user.email, password=PASSWORD)
    page.get_by_role("button", name="신청서 작성 시작").click()
    page.wait_for_url(re.compile(r"/edit/company/$"))
    assert page.locator('[aria-current="step"]').inner_text().strip().endswith("기업 정보")
    assert_accessible(page)

    # A wrong business registration number: the summary links to the field, the rest is kept.
    page.get_by_label("기업명(국문)").fill("주식회사 양재인공지능")
    page.get_by_label("사업자등록번호").fill("123-45-67890")
    page.get_by_role("button", name="저장하고 계속").click()
    summary = page.get_by_role("alert")
    assert "사업자등록번호" in summary.inner_text()
    assert page.get_by_label("기업명(국문)").input_value() == "주식회사 양재인공지능"
    assert_accessible(page)
    shots.take(page, "1-company-with-error")
    page.get_by_label("사업자등록번호").fill("120-81-47521")
    page.get_by_label("대표자").fill("홍길동")
    page.get_by_label("설립일").fill("2022-03-02")
    page.get_by_label("본사 주소").fill("서울특별시 서초구 강남대로 27")
    page.get_by_label("AI 분야").select_option("language")
    # Moving on through the progress list saves what was typed (static/js/step-form.js).
    page.get_by_role("navigation", name="신청 단계").get_by_role("link", name="인력 및 공간").click()

    page.wait_for_url(re.compile(r"/edit/team/$"))
    assert Application.objects.get(applicant=user).ceo_name == "홍길동"
    page.get_by_label("상시 근로자 수").fill("24")
    page.get_by_label("희망 호실 유형").select_option(str(unit_type.pk))
    page.get_by_label("본사를 센터로 이전할 것을 약속합니다.").check()
    page.get_by_role("button", name="저장하고 계속").click()

    page.wait_for_url(re.compile(r"/edit/plan/$"))
    page.get_by_label("사업 개요").fill("행정 문서를 요약하는 한국어 LLM")
    page.get_by_label("전년도 매출액(원)").fill("1,200,000")
    page.get_by_label("담당자 전화번호").fill("010-5555-6666")
    page.get_by_role("button", name="저장하고 계속").click()

    page.wait_for_url(re.compile(r"/documents/$"))
    assert_accessible(page)
    for document_type in call.document_types.filter(required=True):
        card = page.locator(f"#document-{document_type.pk}")
        sample = "plan.hwp" if "hwp" in document_type.allowed_formats else "doc.pdf"
        card.locator('input[type="file"]').set_input_files(str(tmp_path / sample))
        card.get_by_role("button", name="올리기").click()
        page.locator(f"#document-{document_type.pk} [data-testid=uploaded]").wait_for()
    shots.take(page, "4-documents")

    page.get_by_role("link", name="확인 단계로 이동").click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert_accessible(page)
    shots.take(page, "5-review")
    page.get_by_role("button", name="신청서 제출").click()
    page.wait_for_url(re.compile(r"/my/applications/\d+/$"))
    assert page.get_by_test_id("receipt").inner_text() == "2026-1-0001"
    assert Application.objects.get(applicant=user).status == "submitted"

    page.get_by_role("link", name="나의 신청").first.click()
    assert "2026-1-0001" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    shots.take(page, "6-dashboard")
