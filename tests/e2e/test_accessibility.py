"""axe-core (WCAG 2.1 AA) on every page of the portal, in Korean and in English, at both widths."""

import pytest

from notifications.services import notification_create, notification_mark_read
from tests.factories import PASSWORD, UserFactory

from .browser import MOBILE, assert_accessible, log_in, open_menu, switch_language

pytestmark = pytest.mark.browser

LANGUAGES = {"ko": "한국어", "en": "English"}


def _check(page, problems: list[str]) -> None:
    try:
        assert_accessible(page)
    except AssertionError as error:
        problems.append(str(error))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_serious_or_critical_violations_on_any_page(page, premises, lang):
    user = UserFactory(preferred_language="ko")
    read = notification_create(recipient=user, template="portal/test_message", send_email=False)
    notification_mark_read(user=user, notification_ids=[read.pk])
    notification_create(recipient=user, template="portal/test_message", send_email=False)
    problems: list[str] = []

    page.goto("/")
    if lang != "ko":
        switch_language(page, LANGUAGES[lang], lang)
    _check(page, problems)  # home, visitor
    page.goto("/accounts/login/")
    _check(page, problems)
    log_in(page, email=user.email, password="not-the-password")
    assert page.get_by_role("main").locator(".alert-danger, .invalid-feedback").count() > 0
    _check(page, problems)  # the form with its error message
    log_in(page, email=user.email, password=PASSWORD)
    assert page.evaluate("() => document.documentElement.lang") == lang
    _check(page, problems)  # home, signed in
    page.goto("/notifications/")
    assert page.get_by_test_id("unread-count").is_visible()
    _check(page, problems)
    page.set_viewport_size(MOBILE)
    open_menu(page)
    _check(page, problems)  # phone width, menu open

    assert not problems, "\n\n".join(problems)


def test_the_check_fails_on_a_page_with_violations_and_names_them(page):
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
