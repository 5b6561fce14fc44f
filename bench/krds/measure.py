"""Measure two ways of adopting KRDS on the application step page and the home page, and print the figures.

Usage: DATABASE_URL=... .venv/bin/pytest -p no:xdist -o addopts="" --ds=bench.krds.settings bench/krds/measure.py -s

- "krds+bootstrap": what the portal serves (templates/base.html): Bootstrap's stylesheet and script, KRDS's
  tokens and the few components the portal uses (static/vendor/krds, written by scripts/vendor_krds.py),
  static/css/krds-portal.css.
- "krds only": KRDS as the whole stylesheet (its tokens, reset and every component, minified, fonts and
  icons local) and KRDS's script, no Bootstrap; the frame, the step page and a "krds" crispy-forms
  template pack rewritten in KRDS's markup (bench/krds/templates). Other pages keep their Bootstrap markup.

For each way, width (1280 and 375 px) and page, a fresh browser profile (nothing cached) opens the page
REPEAT times: bytes and requests by kind, first contentful paint and load (median), axe's WCAG 2.1 AA
violations by impact, and whether the page fits the window. Stylesheets are also given gzipped (what
WhiteNoise sends compressed). Each page is saved once under build/artifacts/screenshots/krds-compare/.
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
import statistics
from collections import Counter, defaultdict
from copy import deepcopy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.applications.conftest import make_call
from tests.e2e.browser import AXE_SCRIPT, AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, require_chromium
from tests.factories import ApplicationFactory

REPEAT = 5
WIDTHS = {1280: {"width": 1280, "height": 800}, 375: {"width": 375, "height": 812}}
ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "build" / "artifacts" / "screenshots" / "krds-compare"


def _vendor_module():
    spec = importlib.util.spec_from_file_location("vendor_krds", ROOT / "scripts" / "vendor_krds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_whole_krds(target: Path) -> Path:
    """KRDS's whole stylesheet (tokens, root variables, reset, every component) minified, with its
    Pretendard GOV faces and every icon, under target/vendor/krds-full/."""
    vendor = _vendor_module()
    package = vendor.PACKAGE
    folder = target / "vendor" / "krds-full"
    for sub in ("css", "fonts", "img/icon"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for name in vendor.FONTS.values():
        shutil.copy2(package / "fonts" / name, folder / "fonts" / name)
    for icon in (package / "img" / "component" / "icon").glob("*.svg"):
        shutil.copy2(icon, folder / "img" / "icon" / icon.name)
    tokens = (package / "css" / "token" / "krds_tokens.css").read_text(encoding="utf-8")
    components = (package / "css" / "component" / "output.css").read_text(encoding="utf-8")
    components = components.split("\n", 2)[2]  # @charset and @import of the tokens, inlined here
    css = vendor.ICON_URL.sub(r"url(../img/icon/\1)", tokens + components)
    (folder / "css" / "krds.css").write_text(vendor.font_faces() + vendor.minify(css), encoding="utf-8")
    return target


@pytest.fixture
def world(transactional_db):
    call = make_call(code="2026-7")
    return ApplicationFactory(call=call)


def _session_cookie(user, url):
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}


def _open(browser, url, viewport, cookie, *, audit: bool, screenshot: Path) -> dict:
    context = browser.new_context(viewport=viewport, locale="ko-KR", timezone_id="Asia/Seoul")
    context.add_cookies([cookie])
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    timing = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return {fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd};
    }""")
    kinds, counts, css_gzip = Counter(), Counter(), 0
    for request in finished:
        kind = request.resource_type
        size = request.sizes()["responseBodySize"]
        kinds[kind] += size
        counts[kind] += 1
        if kind == "stylesheet":
            css_gzip += len(gzip.compress(request.response().body(), 6))
    result = {"bytes": kinds, "requests": counts, "css_gzip": css_gzip, **timing}
    if audit:
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']}))"
            ".violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))",
            AXE_TAGS)
        result["axe"] = violations
        result["overflow"] = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    context.close()
    return result


def test_measure(world, live_server, settings, tmp_path):
    require_chromium()
    from playwright.sync_api import sync_playwright

    whole = build_whole_krds(tmp_path / "static")
    application = world
    pages = {"step": reverse("applications:step", args=[application.pk, "company"]), "home": reverse("portal:home")}
    ways = {
        "krds+bootstrap": {},
        "krds only": {
            "TEMPLATES": [{**deepcopy(settings.TEMPLATES[0]),
                           "DIRS": [settings.BENCH_KRDS_TEMPLATES, *settings.TEMPLATES[0]["DIRS"]]}],
            "CRISPY_TEMPLATE_PACK": "krds",
            "STATICFILES_DIRS": [*settings.STATICFILES_DIRS, ("", whole)],
        },
    }
    cookie = _session_cookie(application.applicant, live_server.url)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        defaults = {name: deepcopy(getattr(settings, name)) for name in ("TEMPLATES", "CRISPY_TEMPLATE_PACK",
                                                                          "STATICFILES_DIRS")}
        for way, overrides in ways.items():
            for name, value in {**defaults, **overrides}.items():
                setattr(settings, name, value)
            for page_name, path in pages.items():
                for width, viewport in WIDTHS.items():
                    shot = SCREENSHOTS / f"{way.replace(' ', '-').replace('+', '-')}-{width}-{page_name}.png"
                    runs = [_open(browser, live_server.url + path, viewport, cookie, audit=(i == 0), screenshot=shot)
                            for i in range(REPEAT)]
                    rows.append((way, page_name, width, runs))
        browser.close()

    print(f"\n{'way':<15} {'page':<5} {'px':>4} {'css kB':>7} {'css gz':>7} {'font kB':>8} {'js kB':>6} "
          f"{'total kB':>9} {'req':>4} {'css req':>7} {'FCP ms':>7} {'load ms':>8} {'axe s/c':>8} {'axe all':>8} "
          f"{'overflow':>8}")
    for way, page_name, width, runs in rows:
        first = runs[0]
        impacts = defaultdict(int)
        for violation in first["axe"]:
            impacts[violation["impact"]] += violation["nodes"]
        blocking = impacts["serious"] + impacts["critical"]
        print(f"{way:<15} {page_name:<5} {width:>4} {first['bytes']['stylesheet'] / 1000:>7.0f} "
              f"{first['css_gzip'] / 1000:>7.0f} {first['bytes']['font'] / 1000:>8.0f} "
              f"{first['bytes']['script'] / 1000:>6.0f} "
              f"{sum(first['bytes'].values()) / 1000:>9.0f} {sum(first['requests'].values()):>4} "
              f"{first['requests']['stylesheet']:>7} {statistics.median(r['fcp'] for r in runs):>7.0f} "
              f"{statistics.median(r['load'] for r in runs):>8.0f} {blocking:>8} {sum(impacts.values()):>8} "
              f"{first['overflow']:>8}")
        for violation in first["axe"]:
            print(f"    axe {violation['impact']}: {violation['id']} ({violation['nodes']} element(s))")
