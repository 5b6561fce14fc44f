"""Browser-test helpers: finding and launching Debian's Chromium, axe-core checks, screenshots."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Quiet, offline, reproducible: nothing phones home, no GPU, no sandbox (root in CI containers).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
SCREENSHOT_ROOT = ROOT / "build" / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 812}
WIDTHS = {"desktop": DESKTOP, "mobile": MOBILE}


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_chromium(executable: Path = CHROMIUM, environ: Mapping[str, str] = os.environ) -> None:
    """Skip a browser test when Chromium is missing on a developer's machine; fail it in CI."""
    if executable.is_file() and os.access(executable, os.X_OK):
        return
    message = f"Chromium is not installed at {executable} (scripts/setup --test installs it with apt-get)"
    if in_ci(environ):
        pytest.fail(f"{message}; browser tests cannot be skipped in CI (CI=true)", pytrace=False)
    pytest.skip(message)


def launch_chromium(playwright, *, user_data_dir: Path, base_url: str | None = None, executable: Path = CHROMIUM):
    """Headless Chromium on a fresh profile, in Korean and Korea time, like a visitor in Seoul."""
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=str(executable),
        headless=True,
        args=CHROMIUM_ARGS,
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        viewport=DESKTOP,
        reduced_motion="reduce",  # Bootstrap then skips its transitions: no waiting on animations
        base_url=base_url,
    )


# -- Acting like a person ---------------------------------------------------------------------

def open_menu(page) -> None:
    """At phone width the navigation sits behind the menu button: open it when it is closed."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#main-nav").wait_for(state="visible")


def switch_language(page, language_name: str, lang: str) -> None:
    """Press the language button (named in its own language) and wait for the page to come back in it."""
    open_menu(page)
    page.get_by_role("button", name=language_name, exact=True).click()
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)


def log_in(page, *, email: str, password: str) -> None:
    """Fill the login form by its labels, in either language, and submit it."""
    page.get_by_label(re.compile(r"e-?mail|이메일", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"password|비밀번호", re.IGNORECASE)).fill(password)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name=re.compile(r"^\s*(Log in|로그인)\s*$")).click()


class People:
    """Several people at their own computers, played in one browser: whoever is not at the keyboard has
    their cookies (session, language) set aside until their turn comes again."""

    def __init__(self, page) -> None:
        self.page = page
        self.jars: dict[str, list] = {}
        self.current: str | None = None

    def turn(self, who: str, *, user=None, start: str = "/") -> None:
        """`who` takes the keyboard; the first time, they log in with `user`'s e-mail address."""
        context = self.page.context
        if self.current is not None:
            self.jars[self.current] = context.cookies()
        context.clear_cookies()
        self.current = who
        if who in self.jars:
            context.add_cookies(self.jars[who])
            self.page.goto(start)
            return
        from tests.factories import PASSWORD

        self.page.goto(f"/accounts/login/?next={start}")
        log_in(self.page, email=user.email, password=PASSWORD)


# -- Accessibility ------------------------------------------------------------------------------

@cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page (injected from node_modules) with the WCAG 2.1 A and AA rules."""
    if not AXE_SCRIPT.is_file():
        raise AssertionError(f"axe-core is missing at {AXE_SCRIPT}: run `npm install` (scripts/setup does)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol rather than as a <script> tag, so the pages' content
        # security policy (no inline scripts) stays in force while the audit runs.
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            // resultTypes only trims the nodes listed for passes and incomplete results (faster);
            // every violation is still reported in full.
            const results = await window.axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(violations: list[dict], *, where: str = "", max_nodes: int = 5) -> str:
    """A readable list: one block per rule, the elements it found and why."""
    lines = [f"{len(violations)} serious or critical accessibility violation(s){' on ' + where if where else ''}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:max_nodes]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary}")
        if len(violation["nodes"]) > max_nodes:
            lines.append(f"    … and {len(violation['nodes']) - max_nodes} more element(s)")
    return "\n".join(lines)


def assert_fits_width(page) -> None:
    """WCAG 1.4.10 (reflow): the page fits the window's width, even at 375 px."""
    page.wait_for_load_state("load")  # a page still being replaced has no document to measure yet
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        # The innermost elements that reach past the window's right edge: where to look.
        culprits = page.evaluate("""() => [...document.body.querySelectorAll('*')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                          && ![...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (typeof el.className === 'string' && el.className.trim()
                   ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + 'px)')""")
        raise AssertionError(f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px window; "
                             f"reaching past it: {', '.join(culprits)}")


def assert_accessible(page) -> None:
    """Fail when axe finds a serious or critical WCAG 2.1 AA violation on the page as it is now."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lang = page.evaluate("() => document.documentElement.lang")
        width = (page.viewport_size or {}).get("width")
        raise AssertionError(format_violations(blocking, where=f"{page.url} (lang={lang}, {width}px)"))


# -- Screenshots --------------------------------------------------------------------------------

class Screenshots:
    """Saves a journey's key pages as build/artifacts/screenshots/<journey>/<lang>-<width>-<step>.png."""

    def __init__(self, journey: str, root: Path = SCREENSHOT_ROOT) -> None:
        self.folder = root / journey
        self.taken: list[Path] = []

    def path(self, *, lang: str, width: int, step: str) -> Path:
        return self.folder / f"{lang}-{width}-{step}.png"

    def take(self, page, step: str) -> Path:
        lang = page.evaluate("() => document.documentElement.lang") or "unknown"
        width = (page.viewport_size or DESKTOP)["width"]
        path = self.path(lang=lang, width=width, step=step)
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path

    def key_page(self, page, step: str) -> None:
        """A journey's key page, at desktop width and again at 375 px: it fits the window, axe finds no
        serious violation, and it is saved; the window is back at desktop width afterwards."""
        try:
            for viewport in (DESKTOP, MOBILE):
                page.set_viewport_size(viewport)
                assert_fits_width(page)
                assert_accessible(page)
                self.take(page, step)
        finally:
            page.set_viewport_size(DESKTOP)
