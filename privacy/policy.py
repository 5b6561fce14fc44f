"""The privacy policy and the terms of use: the current and earlier published versions, the page
written from the registry and the district's data, and publishing a version (render, store once)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.exceptions import DomainError
from portal.formatting import center_name

from .models import PolicyKind, PolicyVersion
from .registry import RECIPIENTS, SCHEDULED_DAYS, Erasure, files

TEMPLATES = {PolicyKind.PRIVACY: "privacy/_privacy_content.html", PolicyKind.TERMS: "privacy/_terms_content.html"}


class PolicyAlreadyPublished(DomainError):
    pass


def policy_version_list_published(*, kind: str) -> list[PolicyVersion]:
    """Published versions, newest effective date first (the future ones too: announced in advance)."""
    return list(PolicyVersion.objects.filter(kind=kind, published_at__isnull=False)
                .defer("rendered_ko", "rendered_en").order_by("-effective_on", "-published_at"))


def policy_version_current(*, kind: str, versions: list[PolicyVersion]) -> PolicyVersion | None:
    """The version in force today among `versions` (published, newest first)."""
    today = timezone.localdate()
    return next((version for version in versions if version.effective_on <= today), None)


def policy_version_default(*, kind: str) -> PolicyVersion:
    """What the page shows before the district publishes a version: the registry and the settings."""
    return PolicyVersion(
        kind=kind, version="", effective_on=timezone.localdate(),
        department_ko=settings.EXEMPTIONS_ISSUING_OFFICE_KO, department_en=settings.EXEMPTIONS_ISSUING_OFFICE_EN,
    )


def _recipients(version: PolicyVersion) -> list[dict]:
    return [
        {"key": key, "name": version.processors.get(key) or getattr(settings, recipient.name_setting),
         "task": recipient.task, "outsourced": recipient.outsourced,
         "files": [file.name for file in files() if key in file.recipients]}
        for key, recipient in RECIPIENTS.items()
    ]


def policy_render(*, version: PolicyVersion, language: str) -> str:
    """The page's content for `version` in `language`, written from the registry and the version's data."""
    from .retention import scheduled_days

    token = SCHEDULED_DAYS.set(scheduled_days())
    try:
        return _policy_render(version=version, language=language)
    finally:
        SCHEDULED_DAYS.reset(token)


def _policy_render(*, version: PolicyVersion, language: str) -> str:
    with translation.override(language):
        recipients = _recipients(version)
        return render_to_string(TEMPLATES[version.kind], {
            "version": version,
            "english": language == "en",
            "files": files(),
            "kept_files": [file for file in files()
                           if any(table.erasure is Erasure.KEEP and not table.handled_by_app for table in file.tables)],
            "third_parties": [r for r in recipients if not r["outsourced"]],
            "processors": [r for r in recipients if r["outsourced"]],
            "center_name": center_name(),
        })


@transaction.atomic
def policy_version_publish(*, version: PolicyVersion, actor) -> PolicyVersion:
    """Render `version` in Korean and English and store the pages; a published version never changes."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise PolicyAlreadyPublished(_("This version was published already; add a new version instead."))
    version.rendered_ko = policy_render(version=version, language="ko")
    version.rendered_en = policy_render(version=version, language="en")
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["rendered_ko", "rendered_en", "published_at", "published_by", "updated_at"])
    return version
