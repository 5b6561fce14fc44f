"""In a real browser, the portal's pages and the admin run under the content security policy without a
single violation, and Bootstrap's script still works."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def _session_cookie(user, live_server):
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def test_pages_and_admin_run_without_csp_violations(live_server, transactional_db):
    from playwright.sync_api import sync_playwright

    superuser = UserFactory(is_staff=True, is_superuser=True, preferred_language="ko")
    cookie = _session_cookie(superuser, live_server)
    admin = f"/{settings.ADMIN_URL}"
    anonymous_pages = ["/", "/accounts/login/", "/no-such-page/"]
    signed_in_pages = [
        "/notifications/", "/operations/test-notification/", admin,
        f"{admin}django_celery_beat/periodictask/add/", f"{admin}accounts/user/",
    ]
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 400, "height": 800})
            page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
                    if "Content Security Policy" in message.text else None)
            for path in anonymous_pages:
                page.goto(live_server.url + path)
            # Bootstrap's script runs: on a narrow screen the menu button opens the navigation.
            page.goto(live_server.url + "/")
            page.click(".navbar-toggler")
            page.wait_for_selector("#main-nav.show")

            page.context.add_cookies([cookie])
            for path in signed_in_pages:
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
            # The periodic-task form's script (moved to static/js/admin/) still runs.
            page.goto(live_server.url + f"{admin}django_celery_beat/periodictask/add/")
            assert page.locator(".field-crontab_translation").count() == 1
            assert page.locator(".field-crontab_translation").is_hidden()
        finally:
            browser.close()
    assert violations == []
