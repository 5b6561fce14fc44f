"""In a real browser, the portal's pages and the admin run under the content security policy without a
single violation, and Bootstrap's script still works."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UnitFactory, UserFactory

from .browser import MOBILE

pytestmark = pytest.mark.browser


def test_pages_and_admin_run_without_csp_violations(page, chromium, live_server):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    for path in ["/", "/accounts/login/", "/no-such-page/"]:
        page.goto(live_server.url + path)
    # Bootstrap's script runs: on a narrow screen the menu button opens the navigation.
    page.set_viewport_size(MOBILE)
    page.goto(live_server.url + "/")
    page.click(".navbar-toggler")
    page.wait_for_selector("#main-nav.show")

    superuser = UserFactory(is_staff=True, is_superuser=True, preferred_language="ko")
    unit = UnitFactory()
    client = Client()
    client.force_login(superuser)
    chromium.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    admin = f"/{settings.ADMIN_URL}"
    for path in ["/notifications/", "/notifications/test/", admin, f"{admin}accounts/user/",
                 f"{admin}premises/unit/{unit.pk}/change/", f"{admin}premises/unit/{unit.pk}/history/",
                 f"{admin}django_celery_beat/periodictask/add/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, (path, page.url)
    # The periodic-task form's script (moved to static/js/admin/) still runs: it hides a field.
    assert page.locator(".field-crontab_translation").count() == 1
    assert page.locator(".field-crontab_translation").is_hidden()
    assert violations == []
