"""Notices, FAQ, directions and a 1:1 inquiry in the browser: a visitor reads, a tenant asks."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from helpdesk.models import Inquiry

from .browser import Screenshots, log_in, open_menu

pytestmark = pytest.mark.browser


def test_a_visitor_reads_the_notices_and_a_tenant_asks_a_question(page):
    call_command("seed_demo", stdout=io.StringIO())
    shots = Screenshots("helpdesk")

    page.goto("/")
    notices = page.get_by_test_id("home-notices")
    expect(notices.get_by_role("listitem")).to_have_count(3)
    notices.get_by_role("link", name="공지사항 전체 보기").click()
    expect(page.get_by_role("heading", level=1, name="공지사항")).to_be_visible()
    page.get_by_label("검색", exact=True).fill("공고")
    page.get_by_role("button", name="검색", exact=True).click()
    expect(page.get_by_test_id("notices").locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="2026년 제1차 입주기업 모집 공고").click()
    expect(page.get_by_role("link", name="2026-1 모집공고문.pdf")).to_be_visible()
    shots.key_page(page, "1-notice")

    page.goto("/faq/")
    page.get_by_text("임대료는 언제까지 납부해야 합니까?").click()
    expect(page.get_by_text("청구서에 적힌 납부기한까지")).to_be_visible()
    shots.key_page(page, "2-faq")
    page.get_by_role("contentinfo").get_by_role("link", name="찾아오시는 길").click()
    expect(page.get_by_test_id("department-address")).to_contain_text("남부순환로 2584")
    shots.key_page(page, "3-directions")

    page.goto("/accounts/login/")
    log_in(page, email="tenant@demo.yangjae-ai.kr", password=DEMO_PASSWORD)
    open_menu(page)
    page.get_by_role("link", name="나의 문의").click()
    page.get_by_role("link", name="관리비 산정 기준 문의").click()
    expect(page.get_by_test_id("answer")).to_contain_text("공용 전기료 인상분")
    shots.key_page(page, "4-answered")

    page.goto("/inquiries/new/")
    page.get_by_role("button", name="문의 보내기").click()
    expect(page.locator("#error-summary")).to_be_focused()
    shots.key_page(page, "5-errors")
    page.locator("#id_category").select_option("rooms")
    page.locator("#id_subject").fill("회의실 빔프로젝터 문의")
    page.locator("#id_body").fill("7층 회의실에 빔프로젝터가 있습니까?")
    page.get_by_role("button", name="문의 보내기").click()
    inquiry = Inquiry.objects.get(subject="회의실 빔프로젝터 문의")
    expect(page.get_by_role("status")).to_contain_text(inquiry.number)
    shots.key_page(page, "6-received")
