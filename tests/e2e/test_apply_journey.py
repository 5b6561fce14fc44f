"""An applicant's journey in a real browser, in Korean and in English: sign up, open the verification
link from the e-mail, log in, fill every step (a wrong number first), upload the documents (with the
progress bar's script), review and submit, then find the receipt number on the dashboard.

Each key page is checked with axe and saved at desktop width and at 375 px
(build/artifacts/screenshots/apply-journey/<lang>-<width>-<step>.png)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from applications.models import Application
from tests.accounts.helpers import link_in_mail
from tests.applications.conftest import make_call
from tests.factories import PASSWORD
from tests.samples import hwp_bytes, pdf_bytes

from .browser import DESKTOP, MOBILE, Screenshots, log_in, switch_language

pytestmark = pytest.mark.browser

TEXT = {
    "ko": {
        "sign_up": "계정이 없으십니까? 회원가입", "email": "이메일 주소", "name": "이름", "phone": "전화번호",
        "password": "비밀번호", "password_again": "비밀번호 확인",
        "consent": "위와 같이 개인정보를 수집·이용하는 데 동의합니다.", "create": "계정 만들기",
        "check_email": "이메일을 확인해 주십시오", "mail_subject": "이메일 주소를 인증해 주십시오",
        "verified": "이메일 주소가 인증되었습니다", "start": "신청서 작성 시작", "company_step": "기업 정보",
        "company_name": "기업명(국문)", "brn": "사업자등록번호", "save": "저장하고 계속", "ceo": "대표자",
        "founded": "설립일", "address": "본사 주소", "ai_field": "AI 분야", "steps": "신청 단계",
        "team_step": "인력 및 공간", "headcount": "상시 근로자 수", "unit_type": "희망 호실 유형",
        "relocation": "본사를 센터로 이전할 것을 약속합니다.", "summary": "사업 개요",
        "revenue": "전년도 매출액(원)", "contact_phone": "담당자 전화번호", "upload": "올리기",
        "to_review": "확인 단계로 이동", "submit": "신청서 제출", "dashboard": "나의 신청",
        "consent_collection": "위와 같이 신청서의 개인정보를 수집·이용하는 데 동의합니다.",
        "consent_committee": "위와 같이 외부 평가위원회가 신청서를 열람하는 데 동의합니다.",
        "declaration": "위 내용이 사실임을 확인합니다.", "declaration_refused": "사실 확인란에 표시해 주십시오",
    },
    "en": {
        "sign_up": "No account yet? Sign up", "email": "E-mail address", "name": "Name", "phone": "Phone",
        "password": "Password", "password_again": "Password again",
        "consent": "I agree to the collection and use of my personal data as described above.",
        "create": "Create my account", "check_email": "Check your e-mail",
        "mail_subject": "Verify your e-mail address", "verified": "Your e-mail address is verified",
        "start": "Start my application", "company_step": "Company", "company_name": "Company name (Korean)",
        "brn": "Business registration number", "save": "Save and continue", "ceo": "CEO",
        "founded": "Founding date", "address": "Head-office address", "ai_field": "AI field",
        "steps": "Steps of the application", "team_step": "Team and space", "headcount": "Full-time headcount",
        "unit_type": "Desired unit type", "relocation": "We commit to moving our head office into the center.",
        "summary": "Business summary", "revenue": "Revenue last year (won)", "contact_phone": "Contact phone",
        "upload": "Upload", "to_review": "Continue to review", "submit": "Submit the application",
        "dashboard": "My applications",
        "consent_collection": "I agree to the collection and use of the personal data in the application as "
                              "described above.",
        "consent_committee": "I agree that the outside evaluation committee reads the application as described "
                             "above.",
        "declaration": "I confirm that the above is true.", "declaration_refused": "Tick the declaration",
    },
}


def field(page, label: str):
    """The form field of this label, whether or not it is marked required (label *)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_apply_journey(page, lang, tmp_path):
    t = TEXT[lang]
    call = make_call(code="2026-1")
    unit_type = call.units_on_offer.get().unit_type
    (tmp_path / "plan.hwp").write_bytes(hwp_bytes())
    (tmp_path / "doc.pdf").write_bytes(pdf_bytes())
    shots = Screenshots("apply-journey")
    email = f"founder-{lang}@startup.kr"

    if lang != "ko":  # the browser speaks Korean: an English reader switches first
        page.goto("/")
        switch_language(page, "English", lang)
    page.goto(f"/calls/{call.code}/")
    page.get_by_test_id("apply").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.get_by_role("link", name=t["sign_up"]).click()

    # Sign up; the preferred language is the one the page is read in.
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    field(page, t["email"]).fill(email)
    field(page, t["name"]).fill("홍길동" if lang == "ko" else "Gildong Hong")
    field(page, t["phone"]).fill("010-5555-6666")
    field(page, t["password"]).fill(PASSWORD)
    field(page, t["password_again"]).fill(PASSWORD)
    page.get_by_label(t["consent"]).check()
    shots.key_page(page, "1-signup")
    page.get_by_role("button", name=t["create"]).click()
    page.wait_for_url(re.compile(r"/accounts/signup/check-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t["check_email"])
    shots.key_page(page, "2-check-email")
    user = User.objects.get(email=email)
    assert user.preferred_language == lang and user.email_verified_at is None

    # The verification e-mail, in the applicant's language; its link opened in the browser.
    [message] = [m for m in mail.outbox if m.to == [email]]
    assert message.subject == t["mail_subject"]
    page.goto(link_in_mail(message, "/accounts/verify/"))
    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("status")).to_contain_text(t["verified"])
    shots.key_page(page, "3-verified-login")
    log_in(page, email=email, password=PASSWORD)
    user.refresh_from_db()
    assert user.email_verified_at is not None

    page.goto(f"/calls/{call.code}/")
    page.get_by_test_id("apply").click()
    # The two consents of the start page, separate and not ticked in advance.
    for name in ("consent_collection", "consent_committee"):
        box = page.get_by_label(t[name])
        assert not box.is_checked()
        box.check()
    shots.key_page(page, "3b-start-consents")
    page.get_by_role("button", name=t["start"]).click()
    page.wait_for_url(re.compile(r"/edit/company/$"))
    assert page.locator('[aria-current="step"]').inner_text().strip().endswith(t["company_step"])

    # A wrong business registration number: the summary links to the field, the rest is kept.
    field(page, t["company_name"]).fill("주식회사 양재인공지능")
    field(page, t["brn"]).fill("123-45-67890")
    page.get_by_role("button", name=t["save"]).click()
    summary = page.get_by_role("alert")
    assert t["brn"] in summary.inner_text()
    assert field(page, t["company_name"]).input_value() == "주식회사 양재인공지능"
    shots.key_page(page, "4-company-with-error")
    field(page, t["brn"]).fill("120-81-47521")
    field(page, t["ceo"]).fill("홍길동")
    field(page, t["founded"]).fill("2022-03-02")
    field(page, t["address"]).fill("서울특별시 서초구 강남대로 27")
    field(page, t["ai_field"]).select_option("language")
    # Moving on through the progress list saves what was typed (static/js/step-form.js).
    page.get_by_role("navigation", name=t["steps"]).get_by_role("link", name=t["team_step"]).click()

    page.wait_for_url(re.compile(r"/edit/team/$"))
    assert Application.objects.get(applicant=user).ceo_name == "홍길동"
    field(page, t["headcount"]).fill("24")
    field(page, t["unit_type"]).select_option(str(unit_type.pk))
    page.get_by_label(t["relocation"]).check()
    page.get_by_role("button", name=t["save"]).click()

    page.wait_for_url(re.compile(r"/edit/plan/$"))
    field(page, t["summary"]).fill("행정 문서를 요약하는 한국어 LLM")
    field(page, t["revenue"]).fill("1,200,000")
    field(page, t["contact_phone"]).fill("010-5555-6666")
    page.get_by_role("button", name=t["save"]).click()

    page.wait_for_url(re.compile(r"/documents/$"))
    for document_type in call.document_types.filter(required=True):
        card = page.locator(f"#document-{document_type.pk}")
        sample = "plan.hwp" if "hwp" in document_type.allowed_formats else "doc.pdf"
        card.locator('input[type="file"]').set_input_files(str(tmp_path / sample))
        card.get_by_role("button", name=t["upload"]).click()
        page.locator(f"#document-{document_type.pk} [data-testid=uploaded]").wait_for()
    shots.key_page(page, "5-documents")

    page.get_by_role("link", name=t["to_review"]).click()
    page.wait_for_url(re.compile(r"/review/$"))
    # Submitting without the truthfulness declaration: refused beside the box, on the review page.
    page.get_by_role("button", name=t["submit"]).click()
    expect(page.locator("#id_declared_true_error")).to_contain_text(t["declaration_refused"])
    shots.key_page(page, "6-review")
    page.get_by_label(t["declaration"]).check()
    page.get_by_role("button", name=t["submit"]).click()
    page.wait_for_url(re.compile(r"/my/applications/\d+/$"))
    assert page.get_by_test_id("receipt").inner_text() == "2026-1-0001"
    assert Application.objects.get(applicant=user).status == "submitted"
    expect(page.get_by_test_id("declarations")).to_contain_text(t["declaration"])
    # The receipt says what happens next and offers the printable 접수증.
    card = page.get_by_test_id("receipt-card")
    expect(card).to_contain_text("2026-1-0001")
    receipt_pdf = page.request.get(card.get_by_role("link").get_attribute("href"))
    assert receipt_pdf.headers["content-type"] == "application/pdf"
    shots.key_page(page, "7-receipt")

    page.get_by_role("link", name=t["dashboard"]).first.click()
    page.wait_for_url(re.compile(r"/my/applications/$"))
    assert "2026-1-0001" in page.get_by_role("main").inner_text()
    shots.key_page(page, "7-dashboard")

    steps = ["1-signup", "2-check-email", "3-verified-login", "3b-start-consents", "4-company-with-error",
             "5-documents", "6-review", "7-receipt", "7-dashboard"]
    assert {path.stem for path in shots.taken} == {
        f"{lang}-{viewport['width']}-{step}" for step in steps for viewport in (DESKTOP, MOBILE)
    }
