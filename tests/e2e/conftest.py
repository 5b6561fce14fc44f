"""Browser-test fixtures: Debian's Chromium, driven by Playwright, against pytest-django's live server.

The live server runs in a thread of the test process on the transactional test database, so what a
test creates with factories is what the browser sees. Settings are shared with that thread: tasks
run eagerly (in the server thread, after commit) and the cache is the test Redis database, emptied
before each test by the suite's autouse fixture.
"""

from __future__ import annotations

import os

import pytest

from .browser import DESKTOP, launch_chromium, require_chromium


def pytest_collection_modifyitems(config, items):
    """Run browser tests last, so that no other test runs while Playwright holds the event loop."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    if browser:
        others = [item for item in items if not item.get_closest_marker("browser")]
        items[:] = others + browser


@pytest.fixture(scope="session")
def chromium(request, tmp_path_factory):
    """One headless Chromium on a fresh user-data dir for the whole run (starting one takes ~1 s)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    live_server = request.getfixturevalue("live_server")
    # Playwright's sync API keeps an asyncio loop marked as running in this thread, and Django then
    # refuses the ORM calls the test itself makes (factories, assertions). Browser tests run last
    # (see above), so the guard is off only while they run.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        context = launch_chromium(
            playwright, user_data_dir=tmp_path_factory.mktemp("chromium-profile"), base_url=live_server.url
        )
    except Exception:
        playwright.stop()
        raise
    try:
        yield context
    finally:
        context.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def eager_tasks(settings):
    """Tasks queued by the live server run there, after commit, so their e-mails land in mail.outbox."""
    from portal.celery_app import app

    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture
def page(chromium, live_server, transactional_db, eager_tasks):
    """A new tab at desktop width with no cookies: a first-time visitor whose browser speaks Korean."""
    chromium.clear_cookies()
    tab = chromium.new_page()
    tab.set_default_timeout(10_000)
    tab.set_viewport_size(DESKTOP)
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture
def blank_page(chromium, transactional_db):
    """A tab for checks on content the test writes itself (page.set_content). The test uses neither the
    live server nor the database, but the session's browser runs beside the live server, whose
    database access pytest-django sets up and tears down around each test."""
    tab = chromium.new_page()
    tab.set_viewport_size(DESKTOP)
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture
def sign_in(chromium, live_server):
    """Sign a user in without the login form, for journeys that start after login: `sign_in(user)`."""
    from django.conf import settings
    from django.test import Client

    def _sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        chromium.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])

    return _sign_in
