"""A visitor's journey in the browser: the home page in Korean, English, login, the notification center."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from notifications.services import notification_create, notification_mark_read
from tests.factories import UserFactory

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


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_visitor_reads_home_in_korean_switches_to_english_logs_in_and_opens_notifications(
    page, viewport, mailoutbox
):
    call_command("seed_demo", stdout=io.StringIO())  # the center, the open call, the demo accounts
    user = User.objects.get(email="applicant@demo.yangjae-ai.kr")
    notification_mark_read(user=user)  # whatever the demo told this applicant: read, so two new ones stand out
    mailoutbox.clear()
    for _ in range(2):
        notification_create(recipient=user, template="portal/test_message")
    assert [message.to for message in mailoutbox] == [[user.email]] * 2  # each notice also went by e-mail
    shots = Screenshots("visitor")
    page.set_viewport_size(viewport)

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("서초AICT 우수기업센터")
    expect(page.get_by_test_id("home-call")).to_contain_text("2026년 1차 입주기업 모집")
    expect(page.get_by_test_id("home-call")).to_contain_text("접수 중")
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(4)  # 28, 33, 36, 56 pyeong
    assert_fits_width(page)
    shots.take(page, "1-home")

    switch_language(page, "English", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Seocho AICT Excellent Company Center")
    expect(page.get_by_role("heading", name="Benefits")).to_be_visible()
    expect(page.get_by_test_id("home-call")).to_contain_text("call for tenants 2026-1")
    assert_fits_width(page)
    shots.take(page, "2-home")

    open_menu(page)
    page.get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    shots.take(page, "3-login")
    log_in(page, email=user.email, password=DEMO_PASSWORD)

    open_menu(page)
    expect(page.get_by_test_id("unread-count")).to_have_text(re.compile(r"^2\s+unread$"))
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("listitem")).to_have_count(2)
    expect(page.get_by_role("button", name="Mark all as read")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
    shots.take(page, "4-notifications")

    switch_language(page, "한국어", "ko")
    expect(page.get_by_role("heading", name="알림")).to_be_visible()
    shots.take(page, "5-notifications")
    user.refresh_from_db()
    assert user.preferred_language == "ko"  # the signed-in user's choice is remembered

    width = viewport["width"]
    expected = {f"ko-{width}-1-home", f"en-{width}-2-home", f"en-{width}-3-login",
                f"en-{width}-4-notifications", f"ko-{width}-5-notifications"}
    assert {path.stem for path in shots.taken} == expected
    assert all(path.stat().st_size > 5_000 for path in shots.taken)


def test_keyboard_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page):
    for viewport in (DESKTOP, MOBILE):
        page.set_viewport_size(viewport)
        page.goto("/")
        skip_link = page.get_by_role("link", name="본문 바로가기")
        expect(skip_link).not_to_be_in_viewport()  # hidden until focused

        page.keyboard.press("Tab")
        expect(skip_link).to_be_focused()
        expect(skip_link).to_be_in_viewport()  # and visible once it has focus
        assert skip_link.evaluate("el => getComputedStyle(el).outlineStyle") != "none"  # with a focus ring

        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()


def test_a_signed_in_user_reaches_the_notification_center_and_a_visitor_is_sent_to_log_in(page, sign_in):
    page.goto("/notifications/")
    expect(page.get_by_role("heading", name="로그인")).to_be_visible()

    sign_in(UserFactory(name="정입주", preferred_language="ko"))
    page.goto("/notifications/")
    expect(page.get_by_role("heading", name="알림")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("listitem")).to_have_text("아직 알림이 없습니다.")
