"""Tables on a phone and the admin at 1280 px, in Korean and in English.

On a 375 px phone a tenant's invoices and an evaluator's worklist become cards that keep their key columns in
the window (an invoice's number and PDF link, amount due and status; an application's company, receipt number,
progress and button); every table region that may scroll is in the tab order with a name, and axe finds no
serious violation, scrollable-region-focusable included. At 1280 px the admin's application list fits its box,
its text is at least 14 px, a Korean company name stays on one line, an empty section says so and the workflow
buttons differ by kind. Each page is saved under build/artifacts/screenshots/small-screens/."""

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from applications.workflow import Status
from billing.services import invoice_issue_for_lease
from tests.exemptions.conftest import make_tenant
from tests.factories import (
    AssignmentFactory,
    ClosedCallFactory,
    StaffFactory,
    SubmittedApplicationFactory,
    exemption_types_seed,
)

from .browser import (
    BLOCKING_IMPACTS,
    DESKTOP,
    MOBILE,
    Screenshots,
    assert_fits_width,
    axe_violations,
    format_violations,
)

pytestmark = pytest.mark.browser

SHOTS = Screenshots("small-screens")
KOREAN_NAMES = ["주식회사 한강언어지능", "(주)서울보이스랩", "(주)모빌리티브레인", "(주)메디스캔에이아이"]

REGIONS_JS = """() => [...document.querySelectorAll('.table-responsive')].map(box => {
    const labelledby = box.getAttribute('aria-labelledby');
    const named = (labelledby || '').split(/\\s+/).map(id => document.getElementById(id)?.textContent || '');
    const name = box.getAttribute('aria-label') || named.join(' ');
    return {role: box.getAttribute('role'), tabindex: box.tabIndex, name: name.trim()};
})"""


def audit(page) -> None:
    """axe: no serious or critical violation, and no scrollable region the keyboard cannot reach, whatever its
    impact; every table region is a named region in the tab order."""
    violations = axe_violations(page)
    blocking = [v for v in violations
                if v["impact"] in BLOCKING_IMPACTS or v["id"] == "scrollable-region-focusable"]
    width = page.viewport_size["width"]
    assert not blocking, format_violations(blocking, where=f"{page.url} ({width}px)")
    for region in page.evaluate(REGIONS_JS):
        assert region["role"] == "region" and region["tabindex"] == 0 and region["name"], region


def each_width(page):
    """At 1280 px and then at 375: the page fits the window and passes `audit`; yields the window's width."""
    for viewport in (DESKTOP, MOBILE):
        page.set_viewport_size(viewport)
        assert_fits_width(page)
        audit(page)
        yield viewport["width"]


def assert_in_window(locator, width: int) -> None:
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (box, width)


def card_label(cell) -> str:
    """The column name a card shows before a cell's value on a phone (its ::before content)."""
    return cell.evaluate("(el) => getComputedStyle(el, '::before').content").strip('"')


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_tenants_invoices_keep_their_number_pdf_amount_due_and_status_on_a_phone(page, sign_in, lang):
    exemption_types_seed()  # the designated projects a tenant company needs
    tenant = make_tenant()
    tenant.owner.preferred_language = lang
    tenant.owner.save(update_fields=["preferred_language"])
    today = timezone.localdate()
    invoice = invoice_issue_for_lease(lease_id=tenant.lease.pk, year=today.year, month=today.month)
    with translation.override(lang):
        download = gettext("Download %(number)s") % {"number": invoice.number}
        outstanding, status = pgettext("amount", "Outstanding"), invoice.get_status_display()
    sign_in(tenant.owner)
    page.goto(f"/billing/{tenant.company.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", lang)

    for width in each_width(page):
        row = page.get_by_test_id("invoices").locator(f"tr[data-invoice='{invoice.number}']")
        link = row.get_by_role("link", name=download)
        for cell in (link, row.locator("[data-column=due]"), row.locator("[data-column=outstanding]"),
                     row.locator("[data-column=status]")):
            assert_in_window(cell, width)
        expect(row.locator("[data-column=status]")).to_have_text(status)
        assert link.get_attribute("href").endswith(f"/invoices/{invoice.pk}/pdf/")
        SHOTS.take(page, "billing")
    # On the phone the row is a card, each value after its column's name.
    assert row.evaluate("(el) => getComputedStyle(el).display") == "block"
    assert card_label(row.locator("[data-column=outstanding]")) == outstanding
    page.set_viewport_size(DESKTOP)
    assert card_label(row.locator("[data-column=outstanding]")) in ("none", "")  # a plain table again


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_evaluators_worklist_keeps_company_receipt_progress_and_button_on_a_phone(page, sign_in, lang):
    assignment = AssignmentFactory(stage=1, evaluator__preferred_language=lang)
    application = SubmittedApplicationFactory(call=assignment.call, status=Status.STAGE1,
                                              company_name_ko=KOREAN_NAMES[0])
    with translation.override(lang):
        declare = gettext("Declare")
    sign_in(assignment.evaluator)
    page.goto("/evaluations/")
    expect(page.locator("html")).to_have_attribute("lang", lang)

    for width in each_width(page):
        row = page.get_by_test_id("worklist").locator(f"tr[data-application='{application.pk}']")
        for cell in (row.get_by_text(KOREAN_NAMES[0], exact=True), row.get_by_text(application.receipt_number),
                     row.get_by_role("link", name=declare)):
            assert_in_window(cell, width)
        SHOTS.take(page, "evaluator-worklist")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_admins_application_list_and_page_read_at_1280_px_without_zooming(page, sign_in, lang):
    call = ClosedCallFactory()
    applications = [SubmittedApplicationFactory(call=call, company_name_ko=name, status=Status.ELIGIBILITY_REVIEW)
                    for name in KOREAN_NAMES]
    sign_in(StaffFactory(preferred_language=lang))
    page.set_viewport_size(DESKTOP)
    page.goto("/admin/applications/application/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    audit(page)

    # The list fits its box: nothing to scroll sideways at 1280 px.
    assert page.evaluate("() => document.querySelector('#result_list').scrollWidth") <= page.evaluate(
        "() => document.querySelector('#changelist-form .results').clientWidth")
    # Body text of at least 14 px: cells, headings, the paginator, the filters, the actions.
    sizes = page.evaluate("""() => Object.fromEntries(['#result_list td', '#result_list th', '#result_list thead th',
        '.paginator', '#changelist-filter summary', '#changelist .actions label', '#searchbar']
        .map(selector => [selector, Math.min(...[...document.querySelectorAll(selector)]
            .map(el => parseFloat(getComputedStyle(el).fontSize)))]))""")
    assert all(size >= 14 for size in sizes.values()), sizes
    # A Korean company name is on one line, never one syllable per line.
    lines = page.evaluate("""() => [...document.querySelectorAll('#result_list td.field-company')].map(td => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return [td.textContent.trim(), new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
    })""")
    assert sorted(name for name, _ in lines) == sorted(KOREAN_NAMES)
    assert all(count == 1 for _, count in lines), lines
    SHOTS.take(page, "admin-list")

    # The application's page: an empty section says so, the workflow buttons differ by kind as well as colour.
    page.goto(f"/admin/applications/application/{applications[0].pk}/change/")
    audit(page)
    with translation.override(lang):
        expect(page.locator("#conflict_declarations-group")).to_contain_text(gettext("None yet."))
    buttons = page.get_by_test_id("workflow-transitions").locator(".workflow-button")
    kinds = {button.get_attribute("data-kind"): button.evaluate("""(el) => {
        const style = getComputedStyle(el);
        return {background: style.backgroundColor, border: style.borderTopColor, text: style.color,
                size: parseFloat(style.fontSize)};
    }""") for button in buttons.all()}
    assert {"forward", "refusal", "aside"} <= set(kinds), kinds
    assert len({kinds[kind]["background"] for kind in ("forward", "refusal", "aside")}) == 3, kinds
    # Filled buttons forward and refusing; the step aside is outlined in its text's colour.
    assert kinds["forward"]["border"] == kinds["refusal"]["border"] == "rgba(0, 0, 0, 0)", kinds
    assert kinds["aside"]["border"] == kinds["aside"]["text"] != "rgba(0, 0, 0, 0)", kinds
    assert all(kind["size"] >= 14 for kind in kinds.values()), kinds
    SHOTS.take(page, "admin-application")
