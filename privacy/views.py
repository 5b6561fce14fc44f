"""Public pages: the privacy policy and the terms of use, the version in force and every earlier one.

A published version's page was rendered once when it was published and is served as stored. The page's
content (the text and the list of versions, the same for every visitor) is kept in the shared public-page
cache (PORTAL_PUBLIC_PART_CACHE, applications/public_cache.py) per language and day, so that a version
announced for a later date comes into force at midnight; saving or deleting a version moves the cache on."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import PolicyKind
from .policy import (
    policy_render,
    policy_version_current,
    policy_version_default,
    policy_version_list_published,
)


def _body(kind: str, version: str | None) -> str:
    versions = policy_version_list_published(kind=kind)
    language = "en" if get_language() == "en" else "ko"
    if version is None:
        shown = policy_version_current(kind=kind, versions=versions)
        content = shown.rendered(language) if shown else policy_render(
            version=policy_version_default(kind=kind), language=language)
    else:
        shown = next((v for v in versions if v.version == version), None)
        if shown is None:
            raise Http404
        content = shown.rendered(language)
    current = policy_version_current(kind=kind, versions=versions)
    return render_to_string("privacy/_page_body.html", {
        "kind": kind, "title": PolicyKind(kind).label, "shown": shown, "current": current, "versions": versions,
        # Rendered by the portal's own templates from escaped data when the version was published.
        "content": mark_safe(content),  # noqa: S308
    })


def _page(request, kind: str, version: str | None = None):
    cached = import_string(settings.PORTAL_PUBLIC_PART_CACHE)
    body = cached("privacy-page", lambda: _body(kind, version), kind, version or "",
                  timezone.localdate().isoformat())
    return render(request, "privacy/page.html", {
        "title": PolicyKind(kind).label,
        "body": mark_safe(body),  # noqa: S308 — rendered above by our template
    })


def privacy_policy(request, version: str | None = None):
    return _page(request, PolicyKind.PRIVACY, version)


def terms(request, version: str | None = None):
    return _page(request, PolicyKind.TERMS, version)
