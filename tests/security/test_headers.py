"""Security headers on every kind of page: content security policy without inline scripts, framing, sniffing."""

import re

import pytest
from django.conf import settings

from accounts.roles import Role
from tests.factories import UserFactory

PAGES = ["/", "/accounts/login/", "/no-such-page/", f"/{settings.ADMIN_URL}login/"]


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_a_content_security_policy_without_inline_scripts(client, db, path):
    response = client.get(path)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_refuse_framing_and_sniffing(client, db, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_admin_pages_carry_the_policy_for_staff(client, db):
    client.force_login(UserFactory(role=Role.DISTRICT_STAFF))
    response = client.get(f"/{settings.ADMIN_URL}")
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def test_templates_have_no_inline_script_event_handler_or_style():
    """The policy forbids inline scripts and styles: they live in static/js/ and static/css/."""
    offenders = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        if "emails" in path.parts:  # e-mails are not served as pages
            continue
        text = path.read_text()
        inline = any(pattern.search(text) for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE))
        if inline or "javascript:" in text:
            offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


def test_the_base_layout_loads_its_scripts_from_static_files(client, db):
    html = client.get("/").content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts, "the layout loads Bootstrap's script"
    assert all('src="/static/' in tag for tag in scripts)
