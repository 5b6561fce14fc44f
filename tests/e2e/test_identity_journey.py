"""The public site's KRDS look in a real browser, in Korean and in English: the header with the district's
emblem and name, the identifier at the foot, the step indicator of the application and KRDS's file upload
box. Every request stays on the portal's own host (KRDS's fonts and icons included), and the Pretendard GOV
face is in use.

The home page, a step of the application and its documents page are checked with axe and saved at desktop
width and at 375 px (build/artifacts/screenshots/identity/<lang>-<width>-<step>.png)."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.applications.conftest import make_call
from tests.factories import ApplicationDocumentFactory, ApplicationFactory

from .browser import Screenshots, switch_language

pytestmark = pytest.mark.browser

TEXT = {
    "ko": {"district": "서울특별시 서초구", "identifier": "이 누리집은 서울특별시 서초구 누리집입니다.",
           "step": "5단계 중 1단계", "menu": "전체메뉴"},
    "en": {"district": "Seocho-gu, Seoul", "identifier": "This website is run by Seocho-gu, Seoul.",
           "step": "Step 1 of 5", "menu": "Menu"},
}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_home_and_application_step_in_krds(page, sign_in, live_server, lang):
    t = TEXT[lang]
    call = make_call(code="2026-7")
    application = ApplicationFactory(call=call, headcount=None)  # the team step is not filled in yet
    long_name = "2026년 사업계획서(양재AI우수기업센터 입주 신청용).pdf"
    ApplicationDocumentFactory(application=application, original_name=long_name)
    shots = Screenshots("identity")
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto("/")
    if lang != "ko":
        switch_language(page, "English", lang)
    header = page.locator("#krds-header")
    expect(header.locator(".portal-logo")).to_contain_text(t["district"])
    expect(header.locator(".portal-logo img")).to_have_attribute("src", "/static/img/district-emblem.svg")
    expect(page.get_by_test_id("identifier")).to_have_text(t["identifier"])
    expect(page.get_by_test_id("masthead")).to_have_count(0)  # 127.0.0.1 is not a go.kr host
    page.evaluate("() => document.fonts.ready")
    assert page.evaluate("""() => [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Pretendard GOV'
                                                              && f.status === 'loaded')""")
    shots.key_page(page, "home")

    page.set_viewport_size({"width": 375, "height": 812})  # the main menu behind KRDS's "Menu" button
    menu = page.get_by_role("button", name=t["menu"], exact=True)
    menu.click()
    expect(page.locator("#main-nav")).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.set_viewport_size({"width": 1280, "height": 800})

    sign_in(application.applicant)
    page.goto(reverse("applications:step", args=[application.pk, "company"]))
    steps = page.locator("ol.krds-step-wrap > li")
    expect(steps).to_have_count(5)
    expect(steps.nth(0)).to_have_class("application-step active current")
    expect(steps.nth(0).locator("a")).to_have_attribute("aria-current", "step")
    expect(steps.nth(0).locator(".step")).to_have_text(t["step"])
    expect(steps.nth(1)).not_to_have_class("application-step done")  # the headcount is missing
    expect(steps.nth(2)).to_have_class("application-step done")
    shots.key_page(page, "step")

    page.goto(reverse("applications:documents", args=[application.pk]))
    upload = page.locator(".krds-file-upload .file-upload input[type=file]").first
    expect(upload).to_be_visible()
    uploaded = page.get_by_test_id("uploaded")
    expect(uploaded).to_contain_text(long_name)
    page.mouse.wheel(0, 3000)  # scrolled down to a document, the header is still drawn in the screenshot
    shots.key_page(page, "documents")

    assert hosts == {urlsplit(live_server.url).netloc}, f"requests went to {sorted(hosts)}"
