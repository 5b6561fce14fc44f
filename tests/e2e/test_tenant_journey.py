"""A tenant's journey in the browser, in Korean and in English: the owner logs in, edits the company
profile, invites a colleague, books a meeting room, downloads an invoice PDF, files an exemption request,
downloads the issued document and checks it on the public verification page; the colleague joins by
the invitation's link. Each key page passes
axe and fits a 375 px phone, and is saved as a screenshot at both widths."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from billing.services import invoice_issue_for_lease
from exemptions import services as exemptions
from exemptions.models import ExemptionRequest, RequestStatus
from portal.formatting import format_kst_date
from tenants.models import Booking, Company, Invitation, TeamMembership
from tests.exemptions.conftest import make_tenant, pdf_text
from tests.factories import PASSWORD, MeetingRoomFactory, StaffFactory, exemption_types_seed

from .browser import (
    DESKTOP,
    MOBILE,
    Screenshots,
    assert_accessible,
    assert_fits_width,
    log_in,
    open_menu,
    switch_language,
)

pytestmark = pytest.mark.browser

# What the tenant reads and clicks, as the page words it in each language (so an untranslated string
# on the Korean pages, or a Korean one left on the English pages, fails the journey).
WORDS = {
    "ko": {
        "language": "한국어", "my_company": "우리 회사", "edit": "기업 정보 수정",
        "description": "간단한 소개(국문)", "description_text": "제조 현장의 영상에서 불량을 찾아내는 AI를 만듭니다.",
        "save": "저장", "saved": "기업 정보를 저장했습니다.",
        "team": "팀", "email": "이메일 주소", "invite": "초대 보내기", "invited": "주소로 초대를 보냈습니다",
        "rooms": "회의실", "room": "회의실", "date": "날짜",
        "show": "빈 시간 보기", "from": "시작 시각", "purpose": "사용 목적(선택)",
        "purpose_text": "주간 회의", "length": "이용 시간", "one_hour": "1시간", "book": "예약하기",
        "booked": "예약했습니다",
        "billing": "임대료 청구", "download": "{number} 내려받기",
        "paperwork": "규제특례 서류", "patent": "특허 우선심사 특례", "application_number": "출원번호",
        "title": "발명의 명칭", "title_text": "영상 기반 불량 검출 방법",
        "filing_date": "출원일", "field": "기술 분야", "field_text": "컴퓨터 비전", "submit": "신청서 제출",
        "submitted": "신청이 접수되었습니다", "issued": "문서 {number} 발급 완료.", "pdf": "PDF(국문)",
        "verify_title": "규제특례 문서 진위 확인", "number": "문서번호", "code": "확인코드", "verify": "확인",
        "valid": "유효한 문서입니다.", "log_out": "로그아웃", "invitation": "{company} 팀 초대", "name": "이름",
        "password": "비밀번호", "password_again": "비밀번호 확인", "consent": "개인정보를 수집·이용하는 데 동의합니다",
        "join": "계정 만들고 합류하기", "welcome": "{company}에 오신 것을 환영합니다.",
    },
    "en": {
        "language": "English", "my_company": "My company", "edit": "Edit the profile",
        "description": "short description (English)",
        "description_text": "We build AI that finds defects in video from factory floors.",
        "save": "Save", "saved": "The company profile is saved.",
        "team": "Team", "email": "E-mail address", "invite": "Send the invitation",
        "invited": "The invitation is on its way to",
        "rooms": "Meeting rooms", "room": "Room", "date": "Date",
        "show": "Show free times", "from": "From", "purpose": "Purpose (optional)",
        "purpose_text": "Weekly meeting", "length": "Length", "one_hour": "1 h", "book": "Book", "booked": "Booked:",
        "billing": "Billing", "download": "Download {number}",
        "paperwork": "Exemption paperwork", "patent": "Patent priority examination",
        "application_number": "Application number", "title": "Title of the invention",
        "title_text": "Defect detection in factory video",
        "filing_date": "Filing date", "field": "Technology field", "field_text": "Computer vision",
        "submit": "Submit the request", "submitted": "Your request is submitted.",
        "issued": "Document {number} is issued.", "pdf": "PDF (Korean)",
        "verify_title": "Verify an exemption document", "number": "Document number", "code": "Verification code",
        "verify": "Verify", "valid": "This document is valid.", "log_out": "Log out",
        "invitation": "Invitation to join {company}", "name": "Name", "password": "Password",
        "password_again": "Password again", "consent": "I agree to the collection and use of my personal data",
        "join": "Create the account and join", "welcome": "Welcome to {company}.",
    },
}
STEPS = ["1-company", "2-profile-form", "3-team", "4-rooms", "5-billing", "6-exemption-form", "7-document",
         "8-verified", "9-invitation"]


def key_page(page, shots: Screenshots, step: str) -> None:
    """Check the page with axe and for sideways scrolling, and shoot it, at desktop width and then at 375 px."""
    assert_accessible(page)
    assert_fits_width(page)
    shots.take(page, step)
    page.set_viewport_size(MOBILE)
    assert_fits_width(page)
    assert_accessible(page)
    shots.take(page, step)
    page.set_viewport_size(DESKTOP)


def required(label: str) -> re.Pattern:
    """A field's label exactly, with the asterisk that marks a required one."""
    return re.compile(rf"^{re.escape(label)}\s*\*?$")


def go_to(page, link_name: str) -> None:
    """Follow a link of the main navigation (behind the menu button at phone width)."""
    open_menu(page)
    with page.expect_navigation():
        page.get_by_role("navigation", name=re.compile("^(Main navigation|주 메뉴)$")).get_by_role(
            "link", name=link_name, exact=True).click()


def download(page, link):
    """Click a download link; the download and the bytes of the file it saved."""
    with page.expect_download() as info:
        link.click()
    return info.value, Path(info.value.path()).read_bytes()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_tenant_journey(page, lang, mailoutbox):
    words = WORDS[lang]
    exemption_types_seed()
    tenant = make_tenant()
    company = tenant.company
    room = MeetingRoomFactory(floor=tenant.lease.unit.floor, name_ko="세미나실 A", name_en="Seminar room A")
    today = timezone.localdate()
    invoice = invoice_issue_for_lease(lease_id=tenant.lease.pk, year=today.year, month=today.month)
    company_name = company.name_en if lang == "en" else company.name_ko
    shots = Screenshots("tenant-journey")
    mailoutbox.clear()

    # Log in through the form; the English run presses the language button first.
    page.goto("/accounts/login/")
    if lang != "ko":
        switch_language(page, words["language"], lang)
    log_in(page, email=tenant.owner.email, password=PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", lang)

    # The company profile: a new description, kept after saving.
    go_to(page, words["my_company"])
    expect(page.get_by_role("heading", level=1)).to_have_text(company_name)
    key_page(page, shots, "1-company")
    page.get_by_role("link", name=words["edit"]).click()
    page.get_by_label(words["description"]).fill(words["description_text"])
    key_page(page, shots, "2-profile-form")
    page.get_by_role("main").get_by_role("button", name=words["save"], exact=True).click()
    expect(page.get_by_role("status").filter(has_text=words["saved"])).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(words["description_text"])
    page.reload()
    expect(page.get_by_role("main")).to_contain_text(words["description_text"])
    assert getattr(Company.objects.get(pk=company.pk), f"description_{lang}") == words["description_text"]

    # The team: invite a colleague by e-mail; the invitation goes out with its link.
    nav = page.get_by_role("navigation", name=re.compile("^(Company space|기업 공간)$"))
    nav.get_by_role("link", name=words["team"], exact=True).click()
    page.get_by_label(words["email"]).fill("colleague@yangjae-vision.kr")
    page.get_by_role("button", name=words["invite"]).click()
    expect(page.get_by_role("status").filter(has_text=words["invited"])).to_contain_text("colleague@yangjae-vision.kr")
    expect(page.get_by_role("main").get_by_role("listitem").filter(has_text="colleague@yangjae-vision.kr")).to_be_visible()
    key_page(page, shots, "3-team")
    invitation = Invitation.objects.get(company=company)
    invitations = [m for m in mailoutbox if m.to == ["colleague@yangjae-vision.kr"]]
    invitation_path = f"/tenants/invitations/{invitation.token}/"
    assert len(invitations) == 1 and invitation_path in invitations[0].body

    # A meeting room tomorrow at 10:00; the booking shows in the company's list.
    nav.get_by_role("link", name=words["rooms"], exact=True).click()
    tomorrow = today + dt.timedelta(days=1)
    chooser = page.get_by_test_id("room-chooser")  # the day and the room first
    chooser.get_by_label(words["date"]).fill(tomorrow.isoformat())
    chooser.get_by_label(words["room"]).select_option(str(room.pk))
    chooser.get_by_role("button", name=words["show"]).click()
    page.get_by_test_id("free-slots").get_by_role("link", name=re.compile("^10:00")).click()
    form = page.locator("form").filter(has=page.get_by_label(words["purpose"]))
    expect(form.get_by_label(words["from"]).locator("option:checked")).to_have_text("10:00")
    expect(form.get_by_label(words["length"]).locator("option:checked")).to_have_text(words["one_hour"])
    form.get_by_label(words["purpose"]).fill(words["purpose_text"])
    form.get_by_role("button", name=words["book"], exact=True).click()
    expect(page.get_by_role("status").filter(has_text=words["booked"])).to_be_visible()
    own = page.get_by_test_id("own-bookings")
    with translation.override(lang):  # the booking's day and time by the portal's one rule
        expect(own).to_contain_text(format_kst_date(tomorrow).split(" (")[0])
        expect(own).to_contain_text("10:00–11:00 KST")
    expect(own).to_contain_text(words["purpose_text"])
    key_page(page, shots, "4-rooms")
    assert Booking.objects.get(company=company).room == room

    # The invoice PDF from the billing page.
    go_to(page, words["billing"])
    expect(page.get_by_role("main")).to_contain_text(invoice.number)
    key_page(page, shots, "5-billing")
    pdf_download, pdf = download(page, page.get_by_role("link", name=words["download"].format(number=invoice.number)))
    assert pdf_download.suggested_filename == f"{invoice.number}.pdf"
    assert pdf.startswith(b"%PDF") and invoice.number in pdf_text(pdf)

    # An exemption request through its form; staff approve it and the document is issued.
    go_to(page, words["paperwork"])
    page.get_by_role("link", name=words["patent"]).click()
    page.get_by_label(words["application_number"]).fill(f"10-{today.year}-0123456")
    page.get_by_label(words["title"]).fill(words["title_text"])
    page.locator("#id_applicant_name").fill(company.name_ko)
    page.get_by_label(words["filing_date"]).fill(f"{today.year}-01-01")  # never in the future
    page.get_by_label(words["field"]).fill(words["field_text"])
    page.locator("#id_applicant_customer_number").fill("1-2020-012345-6")
    page.locator("#id_examination_requested_0").check()  # yes: priority examination needs it
    page.locator("#id_ipc_class").fill("G06N 3/08")
    page.locator("#id_designated_project").select_option(index=1)
    page.locator("#id_project_link").fill(words["title_text"])
    key_page(page, shots, "6-exemption-form")
    page.get_by_role("button", name=words["submit"]).click()
    page.wait_for_url(re.compile(r"/requests/\d+/$"))
    expect(page.get_by_role("status").filter(has_text=words["submitted"])).to_be_visible()
    request = ExemptionRequest.objects.get(company=company)
    assert request.subject == f"10-{today.year}-0123456" and request.status == RequestStatus.SUBMITTED
    exemptions.request_approve(request=request, actor=StaffFactory(is_staff=True))
    document = exemptions.document_issue(request_id=request.pk)
    page.reload()
    expect(page.get_by_test_id("document")).to_contain_text(words["issued"].format(number=document.number))
    key_page(page, shots, "7-document")
    _, certificate = download(page, page.get_by_test_id("document").get_by_role("link", name=words["pdf"]))
    text = pdf_text(certificate)
    assert document.number in text and company.name_ko in text
    code = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b", text).group(0)

    # The public verification page, with the number and code printed on the document.
    page.goto("/exemptions/verify/")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["verify_title"])
    page.get_by_label(words["number"]).fill(document.number)
    page.get_by_label(words["code"]).fill(code.lower().replace("-", " "))
    page.get_by_role("main").get_by_role("button", name=words["verify"], exact=True).click()
    result = page.get_by_test_id("result")
    expect(result).to_contain_text(words["valid"])
    expect(result).to_contain_text(company_name)
    key_page(page, shots, "8-verified")

    # The colleague follows the link in the invitation, creates an account and joins the team.
    open_menu(page)
    with page.expect_navigation():
        page.get_by_role("button", name=words["log_out"]).click()
    page.goto(invitation_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["invitation"].format(company=company_name))
    page.get_by_role("textbox", name=required(words["name"])).fill("Kim Colleague")
    page.get_by_role("textbox", name=required(words["password"])).fill(PASSWORD)
    page.get_by_role("textbox", name=required(words["password_again"])).fill(PASSWORD)
    page.get_by_label(words["consent"]).check()
    key_page(page, shots, "9-invitation")
    page.get_by_role("button", name=words["join"]).click()
    expect(page.get_by_role("status").filter(
        has_text=words["welcome"].format(company=company_name.rstrip(".")))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(company_name)
    assert TeamMembership.objects.get(company=company, user__email="colleague@yangjae-vision.kr").role == "member"

    expected = {f"{lang}-{width}-{step}" for step in STEPS for width in (DESKTOP["width"], MOBILE["width"])}
    assert {path.stem for path in shots.taken} == expected
    assert all(path.stat().st_size > 5_000 for path in shots.taken)
