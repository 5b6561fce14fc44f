"""Public pages: the privacy policy and the terms of use, the version in force and every earlier one.

A published version's page was rendered once when it was published and is served as stored."""

from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import PolicyKind
from .policy import (
    policy_render,
    policy_version_current,
    policy_version_default,
    policy_version_list_published,
)


def _page(request, kind: str, version: str | None = None):
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
    return render(request, "privacy/page.html", {
        "kind": kind, "title": PolicyKind(kind).label, "shown": shown, "current": current, "versions": versions,
        # Rendered by the portal's own templates from escaped data when the version was published.
        "content": mark_safe(content),  # noqa: S308
    })


def privacy_policy(request, version: str | None = None):
    return _page(request, PolicyKind.PRIVACY, version)


def terms(request, version: str | None = None):
    return _page(request, PolicyKind.TERMS, version)
