"""axe-core (WCAG 2.1 AA) on every page of the portal, in Korean and in English, at both widths."""

import io

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from applications.demo import CLOSED_CALL, OPEN_CALL, UPCOMING_CALL
from notifications.services import notification_create, notification_mark_read

from .browser import (
    MOBILE,
    ROOT,
    assert_accessible,
    assert_no_sideways_scrolling,
    log_in,
    open_menu,
    switch_language,
)

pytestmark = pytest.mark.browser

LANGUAGES = {"ko": "한국어", "en": "English"}
APPLICANT = "applicant@demo.yangjae-ai.kr"
PUBLIC_PAGES = ["/", "/calls/", f"/calls/{OPEN_CALL}/", f"/calls/{CLOSED_CALL}/", f"/calls/{UPCOMING_CALL}/",
                "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN_PAGES = ["/", "/notifications/", "/accounts/profile/", "/accounts/password/change/"]


@pytest.fixture
def demo(transactional_db):
    """The demo data: the center, calls open, closed and upcoming, accounts of every role."""
    from accounts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    applicant = User.objects.get(email=APPLICANT)
    read = notification_create(recipient=applicant, template="portal/test_message", send_email=False)
    notification_mark_read(user=applicant, notification_ids=[read.pk])
    notification_create(recipient=applicant, template="portal/test_message", send_email=False)
    return applicant


def _check(page, problems: list[str]) -> None:
    try:
        assert_accessible(page)
    except AssertionError as error:
        problems.append(str(error))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_serious_or_critical_violations_on_any_page(page, demo, lang):
    problems: list[str] = []
    page.goto("/")
    if lang != "ko":
        switch_language(page, LANGUAGES[lang], lang)

    for path in PUBLIC_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        _check(page, problems)
    page.goto("/accounts/signup/")
    page.get_by_role("main").locator("button[type=submit]").last.click()  # empty form: every error shown
    page.wait_for_load_state()
    _check(page, problems)
    page.goto("/accounts/login/")
    log_in(page, email=APPLICANT, password="not-the-password")
    assert page.get_by_role("main").locator(".alert-danger, .invalid-feedback").count() > 0
    _check(page, problems)  # the form with its error message

    log_in(page, email=APPLICANT, password=DEMO_PASSWORD)
    assert page.evaluate("() => document.documentElement.lang") == lang
    for path in SIGNED_IN_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        _check(page, problems)
    assert page.get_by_test_id("unread-count").is_visible()
    page.set_viewport_size(MOBILE)
    open_menu(page)
    _check(page, problems)  # phone width, menu open

    assert not problems, "\n\n".join(problems)


def test_the_check_fails_on_a_page_with_violations_and_names_them(blank_page):
    page = blank_page
    page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main>'
        '<p style="color:#bbb;background:#fff">Hard to read</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<input type="text">'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    report = str(failure.value)
    for rule in ("color-contrast", "image-alt", "label"):
        assert f"] {rule}: " in report
    assert "(lang=en, 1280px)" in report


def test_a_wide_table_scrolls_in_its_wrapper_without_widening_a_phone_page(blank_page):
    """The hidden "Book room at 10:00" texts of the meeting-room grid are absolutely positioned: they
    scroll with the table inside its wrapper instead of making the whole page wider (WCAG 1.4.10)."""
    page = blank_page
    page.set_viewport_size(MOBILE)
    styles = "".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / "node_modules/bootstrap/dist/css/bootstrap.min.css", ROOT / "static/css/portal.css")
    )
    cells = "".join(f'<td><a href="#"><span class="visually-hidden">Book at {hour}:00</span>+</a></td>'
                    for hour in range(8, 22))
    page.set_content(f'<!DOCTYPE html><html lang="en"><head><style>{styles}</style></head><body>'
                     f'<main class="container"><div class="table-responsive"><table class="table"><tbody>'
                     f"<tr>{cells * 3}</tr></tbody></table></div></main></body></html>")
    assert page.evaluate("() => document.querySelector('.table-responsive').scrollWidth") > MOBILE["width"]
    assert_no_sideways_scrolling(page)
