"""The application form completed with the keyboard alone (WCAG 2.1.1): Tab and Shift+Tab from field to
field with a visible focus ring, typing, arrow keys in a list, Space on a check box, Enter to submit. A
submit with errors puts the focus on the summary at the top; each of its links takes the focus to its field,
which is marked invalid and described by its message."""

import re

import pytest

from applications.models import Application
from tests.applications.conftest import make_call
from tests.factories import UserFactory
from tests.samples import hwp_bytes, pdf_bytes

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) { return null; }
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    const moved = element !== window.__lastFocused;
    window.__lastFocused = element;
    return {
        moved,
        withinDate: !moved && element.type === 'date',  // Tab steps through the year, month and day first
        ring: element.matches(':focus-visible, :focus-within')
            && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
        what: element.outerHTML.slice(0, 120),
    };
}"""


def _focus_matches(page, selector: str) -> bool:
    return page.evaluate("(selector) => document.activeElement.matches(selector)", selector)


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has the focus; every press must move
    the focus to an element that is on screen and shows the focus ring."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        assert focused is not None, f"{key} left the focus on nothing, looking for {selector}"
        assert focused["moved"] or focused["withinDate"], f"{key} did not move the focus from {focused['what']}"
        assert focused["ring"] and focused["inView"], f"the focus is not visible on {focused['what']}"
        if _focus_matches(page, selector):
            return
    raise AssertionError(f"{limit} presses of {key} did not reach {selector}")


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def choose(page, value: str, *, limit: int = 20) -> None:
    """In the focused list, arrow down to the option with this value."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value!r} in the list")


def replace_text(page, text: str) -> None:
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    if text:
        page.keyboard.type(text)


def type_date(page, iso: str) -> None:
    """A date field takes its parts as digits, one after the other, in the order of the browser's own
    language: month, day, year in the Chromium of the tests (whatever the page's language)."""
    year, month, day = iso.split("-")
    page.keyboard.type(month + day + year)
    assert page.evaluate("() => document.activeElement.value") == iso, "the date field's parts are in another order"


def test_the_application_form_can_be_completed_with_the_keyboard_alone(page, sign_in, tmp_path):
    call = make_call(code="2026-1")
    unit_type = call.units_on_offer.get().unit_type
    user = UserFactory(name="홍길동", preferred_language="ko")
    (tmp_path / "plan.hwp").write_bytes(hwp_bytes())
    (tmp_path / "doc.pdf").write_bytes(pdf_bytes())
    sign_in(user)
    page.goto(f"/calls/{call.code}/")

    # The first Tab reaches the skip link, which appears; Enter takes the focus to the main content.
    tab_to(page, ".skip-link", limit=1)
    page.keyboard.press("Enter")
    assert _focus_matches(page, "#main")
    tab_to(page, "[data-testid=apply]")
    press_and_wait(page, "Enter")
    # The two separate consents of the start page are ticked with the space bar.
    for name in ("consent_collection", "consent_committee"):
        tab_to(page, f"input[name={name}]")
        page.keyboard.press("Space")
    tab_to(page, "main form[method=post] [type=submit]")
    press_and_wait(page, "Enter")
    page.wait_for_url(re.compile(r"/edit/company/$"))

    # Step 1 with two mistakes, submitted with Enter from a text field.
    tab_to(page, "#id_company_name_ko")
    page.keyboard.type("주식회사 양재인공지능")
    tab_to(page, "#id_business_registration_number")
    page.keyboard.type("123-45-67890")
    tab_to(page, "#id_website")
    page.keyboard.type("not a web address")
    press_and_wait(page, "Enter")

    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert _focus_matches(page, "#error-summary"), "the error summary does not receive the focus"
    links = summary.locator("a")
    assert links.count() == 2
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        message = link.locator("xpath=..").inner_text().split(":", 1)[1].strip()
        tab_to(page, f"#error-summary a[href='#{target}']", backwards=index > 0)
        page.keyboard.press("Enter")
        assert _focus_matches(page, f"#{target}"), f"the summary's link did not move the focus to #{target}"
        field = page.locator(f"#{target}")
        assert field.get_attribute("aria-invalid") == "true"
        described_by = field.get_attribute("aria-describedby").split()
        descriptions = [page.locator(f"#{id_}").inner_text().strip() for id_ in described_by]
        assert message in descriptions, f"#{target} is not described by its message {message!r}"
    # The focus is on the website, the last field of the summary: clear it, then fix the number.
    replace_text(page, "")
    tab_to(page, "#id_business_registration_number", backwards=True)
    replace_text(page, "120-81-47521")
    tab_to(page, "#id_ceo_name")
    page.keyboard.type("홍길동")
    tab_to(page, "#id_founded_on")
    type_date(page, "2022-03-02")
    tab_to(page, "#id_head_office_address")
    page.keyboard.type("서울특별시 서초구 강남대로 27")
    tab_to(page, "#id_ai_field")
    choose(page, "language")
    tab_to(page, "button[name=continue]")
    press_and_wait(page, "Enter")

    page.wait_for_url(re.compile(r"/edit/team/$"))
    assert not page.locator("#error-summary").count()
    application = Application.objects.get(applicant=user)
    assert (application.business_registration_number, application.founded_on.isoformat(),
            application.ai_field, application.website) == ("1208147521", "2022-03-02", "language", "")
    tab_to(page, "#id_headcount")
    page.keyboard.type("24")
    tab_to(page, "#id_desired_unit_type")
    choose(page, str(unit_type.pk))
    tab_to(page, "#id_relocation_commitment")
    page.keyboard.press("Space")
    tab_to(page, "button[name=continue]")
    press_and_wait(page, "Enter")

    page.wait_for_url(re.compile(r"/edit/plan/$"))
    tab_to(page, "#id_business_summary")
    page.keyboard.type("행정 문서를 요약하는 한국어 LLM")
    tab_to(page, "#id_revenue_last_year")
    page.keyboard.type("1,200,000")
    tab_to(page, "#id_contact_phone")
    page.keyboard.type("010-5555-6666")
    tab_to(page, "button[name=continue]")
    press_and_wait(page, "Enter")

    # Documents: the file picker is the browser's own dialog; its input is reached and left by keyboard.
    page.wait_for_url(re.compile(r"/documents/$"))
    for document_type in call.document_types.filter(required=True):
        card = f"#document-{document_type.pk}"
        sample = "plan.hwp" if "hwp" in document_type.allowed_formats else "doc.pdf"
        tab_to(page, f"{card} input[type=file]")
        page.locator(":focus").set_input_files(str(tmp_path / sample))
        tab_to(page, f"{card} button[type=submit]")
        page.keyboard.press("Enter")
        page.locator(f"{card} [data-testid=uploaded]").wait_for()

    tab_to(page, "main a[href$='/review/']")
    press_and_wait(page, "Enter")
    page.wait_for_url(re.compile(r"/review/$"))
    tab_to(page, "input[name=declared_true]")  # the truthfulness declaration, ticked with the space bar
    page.keyboard.press("Space")
    tab_to(page, "form[action$='/submit/'] button[type=submit]")
    press_and_wait(page, "Enter")
    page.wait_for_url(re.compile(r"/my/applications/\d+/$"))
    assert page.get_by_test_id("receipt").inner_text() == "2026-1-0001"
    application.refresh_from_db()
    assert application.status == "submitted"
    assert (application.headcount, application.desired_unit_type_id, application.relocation_commitment,
            application.revenue_last_year) == (24, unit_type.pk, True, 1_200_000)
