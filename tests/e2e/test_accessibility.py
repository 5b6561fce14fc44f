"""axe-core (WCAG 2.1 AA) on every page of the portal, in Korean and in English.

The pages are not listed by hand: they are the GET rows of the permission matrix (docs/security.md) that
answer 200 to a visitor, an applicant, an evaluator or a tenant, requested with the ids of the matrix's
world (tests/security/matrix.py). A page that answers 200 to several of these roles is audited once, as
the first of them in AUDITED_ROLES. Files (PDFs, logos, downloads) are not pages and are left out by
their content type. STATES adds what the matrix does not reach: the other steps of the application
form, every form with its errors, the conflict declaration, the start of an application.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse

from applications.selectors import APPLICATION_STEPS
from tests.security.matrix import URL_KWARGS, World, build_world, read_matrix

from .browser import (
    DESKTOP,
    MOBILE,
    ROOT,
    assert_accessible,
    assert_fits_width,
    open_menu,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["ko", "en"]
# In this order: a page reached by several of them is audited as the first (the visitor for public pages).
AUDITED_ROLES = ["anonymous", "applicant A (own)", "applicant B (other's)", "evaluator assigned", "tenant owner A",
                 "tenant member A"]
ERRORS_SHOWN = ".is-invalid, .invalid-feedback, .alert-danger, [aria-invalid=true]"


def pages_by_role() -> dict[str, list[str]]:
    """URL names of the matrix's GET rows answering 200, each under the first audited role it answers to."""
    plan: dict[str, list[str]] = {role: [] for role in AUDITED_ROLES}
    for row in read_matrix():
        if row.method != "GET":
            continue
        role = next((role for role in AUDITED_ROLES if row.expected[role] == 200), None)
        if role is not None:
            plan[role].append(row.name)
    return plan


@dataclass(frozen=True)
class State:
    """A page in a state the matrix's GET request does not show (a form with errors, another step)."""

    role: str
    name: str
    show: Callable  # (page, world) -> None: brings the page into the state


def _goto(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"


def _submit_with_errors(page, url: str, fills: dict[str, str] | None = None, *, button=None) -> None:
    """Open the form, type wrong values (or clear what is required), submit, and wait for its errors."""
    _goto(page, url)
    main = page.get_by_role("main")
    for selector, value in (fills or {}).items():
        main.locator(selector).first.fill(value)
    main.locator(button or "form[method=post] [type=submit]").first.click()
    # The page comes back with its errors (or the upload script writes them into this one).
    page.locator(ERRORS_SHOWN).first.wait_for()
    page.wait_for_load_state()


def _url(name: str, world: World, **overrides) -> str:
    kwargs = URL_KWARGS[name](world) if name in URL_KWARGS else {}
    return reverse(name, kwargs={**kwargs, **overrides})


def _step(slug: str) -> Callable:
    return lambda page, world: _goto(page, _url("applications:step", world, step=slug))


STEP_ERRORS = {  # a value each step refuses
    "company": {"[name=business_registration_number]": "123-45-67890"},
    "team": {"[name=headcount]": "30000"},
    "plan": {"[name=contact_phone]": "12"},
}


def _step_with_errors(slug: str) -> Callable:
    return lambda page, world: _submit_with_errors(
        page, _url("applications:step", world, step=slug), STEP_ERRORS[slug], button="[name=continue]")


def _login_with_errors(page, world: World) -> None:
    _submit_with_errors(page, reverse("accounts:login"), {
        "[name=username], [type=email]": world.users["applicant A (own)"].email, "[type=password]": "not-the-password"})


def _menu_at_phone_width(page, world: World) -> None:
    _goto(page, reverse("portal:home"))
    page.set_viewport_size(MOBILE)
    open_menu(page)


def _declaration(page, world: World) -> None:
    from tests.factories import SubmittedApplicationFactory

    application = SubmittedApplicationFactory(call=world.objects["evaluated_application_a"].call, status="stage1")
    _goto(page, reverse("evaluations:declare", kwargs={"application_id": application.pk}))


def _declaration_with_errors(page, world: World) -> None:
    _declaration(page, world)
    page.get_by_role("main").locator("form[method=post] [type=submit]").first.click()
    page.locator(ERRORS_SHOWN).first.wait_for()


def _scorecard_with_errors(page, world: World) -> None:
    url = _url("evaluations:application", world)
    _submit_with_errors(page, url, {"input[type=number]": "999"}, button="[name=submit]")


def _booking_with_errors(page, world: World) -> None:
    """The room of the world's booking, at the time of that booking (tomorrow at 10:00): refused as taken."""
    from django.utils import timezone

    booking = world.objects["booking_a"]
    day = timezone.localtime(booking.starts_at).date()
    url = _url("tenants:rooms", world) + f"?room={booking.room_id}&date={day:%Y-%m-%d}&start=10:00"
    _submit_with_errors(page, url)


def _form_with_errors(name: str, fills: dict[str, str] | None = None, **kwargs) -> Callable:
    return lambda page, world: _submit_with_errors(page, _url(name, world), fills, **kwargs)


STATES = [
    State("anonymous", "sign-up with errors", _form_with_errors("accounts:signup")),
    State("anonymous", "log in with errors", _login_with_errors),
    State("anonymous", "a closed call", lambda page, world: _goto(page, reverse(
        "applications:call_detail", kwargs={"code": world.objects["evaluated_application_a"].call.code}))),
    # The matrix opens the first step; the others are form steps too (documents and review are own URLs).
    *(State("applicant A (own)", f"step {slug}", _step(slug)) for slug, _label in APPLICATION_STEPS[1:]
      if slug in STEP_ERRORS),
    *(State("applicant A (own)", f"step {slug} with errors", _step_with_errors(slug)) for slug in STEP_ERRORS),
    State("applicant A (own)", "documents with errors", _form_with_errors(
        "applications:documents", button="form[enctype] [type=submit]")),
    State("applicant A (own)", "message with errors", _form_with_errors(
        "applications:detail", button="form[action$='/messages/'] [type=submit]")),
    State("applicant A (own)", "submitted application", lambda page, world: _goto(
        page, reverse("applications:detail", kwargs={"pk": world.objects["evaluated_application_a"].pk}))),
    State("applicant A (own)", "menu open at phone width", _menu_at_phone_width),
    State("evaluator assigned", "scorecard with errors", _scorecard_with_errors),
    State("evaluator assigned", "conflict declaration", _declaration),
    State("evaluator assigned", "conflict declaration with errors", _declaration_with_errors),
    State("tenant owner A", "company profile with errors", _form_with_errors(
        "tenants:company_edit", {"[name=name_ko]": ""})),
    State("tenant owner A", "invitation with errors", _form_with_errors(
        "tenants:team", {"[name=email]": "not-an-address"}, button="form:has([name=email]) [type=submit]")),
    State("tenant owner A", "meeting room chosen", lambda page, world: _goto(
        page, _url("tenants:rooms", world) + f"?room={world.objects['room'].pk}")),
    State("tenant owner A", "booking with errors", _booking_with_errors),
    State("tenant owner A", "indicators with errors", _form_with_errors(
        "tenants:indicators", {"[name=employees]": ""})),
    State("tenant owner A", "exemption request with errors", _form_with_errors("exemptions:create")),
    State("tenant owner A", "exemption request edit with errors", _form_with_errors(
        "exemptions:request_edit", {"input[type=text]": ""})),
]


def _sign_in_as(context, live_server, world: World, role: str, lang: str) -> None:
    """One session per role and language: the session cookie of a forced login and the language cookie."""
    context.clear_cookies()
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
    if role != "anonymous":
        client = Client()
        client.force_login(world.users[role])
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
    context.add_cookies(cookies)


def _is_page(page, url: str) -> bool:
    """True for an HTML page, False for a file (a PDF, a logo, a download)."""
    response = page.request.get(url, max_redirects=0)
    assert response.status == 200, f"{url} answered {response.status}, the permission matrix says 200"
    return response.headers.get("content-type", "").startswith("text/html")


def test_no_serious_or_critical_violations_on_any_page_in_either_language(page, live_server):
    world = build_world()
    plan = pages_by_role()
    problems: list[str] = []
    audited: dict[str, set[str]] = {role: set() for role in AUDITED_ROLES}
    files: set[str] = set()

    def check(where: str, lang: str) -> None:
        assert page.evaluate("() => document.documentElement.lang") == lang, where
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append(f"{where}: {error}")

    for lang in LANGUAGES:
        for role in AUDITED_ROLES:
            states = [state for state in STATES if state.role == role]
            if not plan[role] and not states:
                continue
            _sign_in_as(page.context, live_server, world, role, lang)
            for name in plan[role]:
                url = _url(name, world)
                if name in files or (name not in audited[role] and not _is_page(page, url)):
                    files.add(name)
                    continue
                _goto(page, url)
                audited[role].add(resolve(page.url.removeprefix(live_server.url)).view_name)
                check(f"{name} as {role}", lang)
            for state in states:
                state.show(page, world)
                check(f"{state.name} as {role}", lang)
            page.set_viewport_size(DESKTOP)

    for role in AUDITED_ROLES:
        missing = set(plan[role]) - audited[role] - files
        assert not missing, f"pages of {role} in the permission matrix that were not audited: {sorted(missing)}"
    assert {"applications:document_download", "billing:invoice_pdf", "tenants:lease_summary"} <= files
    assert not problems, "\n\n".join(problems)


def test_every_role_has_pages_to_audit():
    """The plan comes from the matrix: it reaches the applicant's, evaluator's and tenant's own pages."""
    plan = pages_by_role()
    assert {"portal:home", "accounts:login", "tenants:directory"} <= set(plan["anonymous"])
    assert {"applications:dashboard", "applications:review", "applications:withdraw",
            "tenants:offer"} <= set(plan["applicant A (own)"])
    assert {"evaluations:home", "evaluations:application"} <= set(plan["evaluator assigned"])
    assert {"tenants:company_edit", "tenants:rooms", "exemptions:create",
            "billing:company"} <= set(plan["tenant owner A"])
    assert "applications:start" in plan["applicant B (other's)"]


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
    assert_fits_width(page)
