"""Test helper: a reason typed earlier in the session, as the reason page leaves it (privacy/access_reason.py)."""

import time

import portal.urls  # noqa: F401 — every view module, so that every export is registered
from portal.exports import REGISTRY
from privacy.access_reason import SESSION_PREFIX

DOCUMENT_SCOPES = ("applications.document", "evaluations.document", "exemptions.upload", "exemptions.document",
                   "applications.answer_file", "evaluations.answer_file")


def remember_reason(client, *scopes: str, reason: str = "정기 점검") -> None:
    """As if the signed-in client had typed `reason` for each scope a moment ago (every document and export
    when none is named). Call it after the last force_login to another account, which starts a new session."""
    scopes = scopes or (*DOCUMENT_SCOPES, *(f"export.{name}" for name in REGISTRY))
    session = client.session
    for scope in scopes:
        session[SESSION_PREFIX + scope] = {"reason": reason, "at": time.time()}
    session.save()
